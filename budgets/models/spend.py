"""Actual spend: what was spent on an allocation line in a month, entered on the budget page or
imported from a spreadsheet (checked row by row in a dry run, then imported all or nothing)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from budgets.models.allocations import Allocation
from budgets.models.budgets import MONEY, Budget
from budgets.querysets import BudgetChildQuerySet
from common.money import format_gbp


class SpendSource(models.TextChoices):
    ENTERED = "entered", "Entered"
    IMPORTED = "imported", "Imported"


class SpendQuerySet(models.QuerySet):
    """Spend is in scope when its line's budget is."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(allocation__budget__organisation_id=user.organisation_id)


class Spend(models.Model):
    """What was spent on one line in one month (one figure a line and month: a new figure replaces it)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="spend")
    month = models.DateField(help_text="The first day of the month the money was spent in.")
    amount = models.DecimalField(**MONEY, help_text="In pounds and pence.")
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=SpendSource.choices, default=SpendSource.ENTERED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SpendQuerySet.as_manager()

    class Meta:
        ordering = ["allocation_id", "month"]
        constraints = [
            # Also the index of the budget page's spend per line (allocation, then month).
            models.UniqueConstraint(
                fields=["allocation", "month"],
                name="spend_unique_line_month",
                violation_error_message="This line already has a figure for this month.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="spend_amount_not_negative",
                violation_error_message="Enter an amount of £0.00 or more.",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="spend_month_first_day",
                violation_error_message="Give the month as its first day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{format_gbp(self.amount)} in {self.month:%B %Y}"


class SpendImport(models.Model):
    """An uploaded spend file for one budget: its rows as read, the errors the dry run found (by
    row and column), its state."""

    class Status(models.TextChoices):
        READY = "ready", "Checked: ready to import"
        FAILED = "failed", "Has errors: nothing imported"
        IMPORTED = "imported", "Imported"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="spend_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list, editable=False)
    errors = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, editable=False)
    imported_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Spend import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:spendimport_detail", args=[self.pk])
