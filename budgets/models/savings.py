"""Savings and efficiencies: what an item costs now against what is proposed, the difference, and
where it is reinvested (seed 000: carers centres £846,000 → £602,400, £243,600 for reinvestment)."""

from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from budgets.models.budgets import MONEY, Budget
from budgets.querysets import BudgetChildQuerySet
from common.fields import SHORT_TEXT, BoundedTextField


class Efficiency(models.Model):
    """One item's current cost against its proposed cost, in a budget's year."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="efficiencies")
    description = models.CharField(max_length=300)
    current_cost = models.DecimalField(**MONEY)
    proposed_cost = models.DecimalField(**MONEY)
    proposed_detail = BoundedTextField(blank=True, max_length=SHORT_TEXT, help_text="What the proposed cost buys.")
    reinvested_in = models.CharField(max_length=300, blank=True, help_text="Where the difference is reinvested.")
    difference = models.GeneratedField(
        expression=F("current_cost") - F("proposed_cost"),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["difference"])

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "efficiencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_cost__gte=0, proposed_cost__gte=0),
                name="efficiency_costs_not_negative",
                violation_error_message="Enter costs of £0.00 or more.",
            )
        ]

    def __str__(self) -> str:
        return self.description
