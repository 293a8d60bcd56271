"""Choices for the signposting directory."""

from django.db import models


class DirectoryCategory(models.TextChoices):
    COMMUNITY_GROUP = "community_group", "Community group"
    PEER_SUPPORT = "peer_support", "Peer support"
    BEFRIENDING = "befriending", "Befriending scheme"
    SITTING = "sitting", "Sitting service"
    BREAKS = "breaks", "Breaks for carers"
    INFORMATION = "information", "Information and advice"
    COMMISSIONED = "commissioned", "Commissioned carers service"
    OTHER = "other", "Other"
