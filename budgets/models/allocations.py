"""Allocations: a budget split by service line × delivery method (× funding stream). Lines that a
report costs together (seed 000: Brokerage, Carers Support Service and Peer Support Groups share
£450,600) belong to an allocation group, which carries their one shared amount."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from budgets.models.budgets import MONEY, Budget
from budgets.querysets import BudgetChildQuerySet
from common.fields import NOTES, BoundedTextField
from common.money import format_gbp


class AllocationGroup(models.Model):
    """Lines of a budget costed together: the group holds the amount they share."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="allocationgroup_amount_not_negative",
                violation_error_message="Enter an amount of £0.00 or more.",
            ),
            models.UniqueConstraint(
                fields=["budget", "name"],
                name="allocationgroup_unique_name",
                violation_error_message="This budget already has a group of this name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({format_gbp(self.amount)})"


class Allocation(models.Model):
    """One line of a budget. A line in a group has no amount of its own (the group's is shared)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="allocations")
    service_line = models.ForeignKey("commissioning.ServiceLine", on_delete=models.PROTECT, related_name="+")
    delivery_method = models.ForeignKey(
        "commissioning.DeliveryMethod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty where none applies (administration, contingency).",
    )
    funding_stream = models.ForeignKey(
        "budgets.FundingStream", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=300, help_text="The line as the report names it.")
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text="In pounds and pence.")
    group = models.ForeignKey(AllocationGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="lines")
    note = BoundedTextField(blank=True, max_length=NOTES)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) | models.Q(amount__isnull=True),
                name="allocation_amount_not_negative",
                violation_error_message="Enter an amount of £0.00 or more.",
            ),
            models.CheckConstraint(
                condition=models.Q(group__isnull=True, amount__isnull=False)
                | models.Q(group__isnull=False, amount__isnull=True),
                name="allocation_amount_or_group",
                violation_error_message="Give the line an amount, or put it in a group that carries the amount.",
            ),
        ]
        indexes = [
            # The budget page and the export: a budget's lines in order.
            models.Index(fields=["budget", "position"], name="allocation_budget_pos_idx"),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("budgets:allocation_update", args=[self.pk])
