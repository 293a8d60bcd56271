"""Reference lists an administrator edits: the kinds of service bought for carers (service lines)
and how each is bought (delivery methods). Owned here; budgets and brokerage read them."""

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from common.fields import SHORT_TEXT, BoundedTextField
from common.reference import ReferenceList


class ServiceLine(ReferenceList):
    """A kind of service bought for carers: breaks for carers, brokerage, carers support service,
    peer support, information and advice, direct payments, befriending and sitting..."""

    description = BoundedTextField(blank=True, max_length=SHORT_TEXT)
    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="serviceline_name_unique_ci",
                violation_error_message="A service line with this name already exists.",
            )
        ]


class DeliveryMethod(ReferenceList):
    """How a service line is bought: personal budgets, external procurement, an internal service
    level agreement, direct payments, grants, existing contracts, future developments..."""

    description = BoundedTextField(blank=True, max_length=SHORT_TEXT)
    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="deliverymethod_name_unique_ci",
                violation_error_message="A delivery method with this name already exists.",
            )
        ]
