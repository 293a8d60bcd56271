"""Choices of the budgets app."""

from django.db import models


class FundingKind(models.TextChoices):
    """What kind of money a funding stream is: it decides who reports on it and how."""

    COUNCIL = "council", "Council budget"
    GRANT = "grant", "Government grant"
    NHS = "nhs", "NHS (PCT, CCG or ICB)"
    POOLED = "pooled", "Pooled fund (e.g. Better Care Fund)"
    OTHER = "other", "Other"
