"""The scheme of delegation: who must decide a change to a contract above a value."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.choices import ThresholdAppliesTo
from common.fields import SHORT_TEXT, BoundedTextField


class DecisionThreshold(models.Model):
    """Above `over_value`, an extension or variation needs a decision of `decision_body` (for
    example, over £150k: the Executive). An organisation's own thresholds apply to its contracts;
    thresholds with no organisation apply to every organisation without its own."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="decision_thresholds"
    )
    over_value = models.DecimalField("over (£)", max_digits=14, decimal_places=2)
    decision_body = models.CharField(max_length=120, help_text="For example: Procurement Board, Executive, Cabinet.")
    applies_to = models.CharField(max_length=20, choices=ThresholdAppliesTo.choices, default=ThresholdAppliesTo.ANY)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "over_value"]
        constraints = [
            models.CheckConstraint(
                condition=Q(over_value__gte=0),
                name="threshold_value_not_negative",
                violation_error_message="A threshold cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"Over £{self.over_value:,.2f}: {self.decision_body}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:threshold_list")
