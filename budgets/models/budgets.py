"""Budgets per organisation and financial year, the funding contributions that make up their
total, and virements (the only way an approved budget's allocations change)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from budgets.choices import BudgetStatus
from budgets.querysets import BudgetChildQuerySet, BudgetQuerySet
from common.fields import NOTES, SHORT_TEXT, BoundedTextField
from common.money import format_gbp
from common.years import fy_label

MONEY = {"max_digits": 14, "decimal_places": 2}


class Budget(models.Model):
    """One organisation's carers budget for one financial year (1 April – 31 March)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "financial year", help_text="The year it starts in: 2010 for 2010/11 (1 April 2010 – 31 March 2011)."
    )
    name = models.CharField(max_length=200, default="Carers budget")
    total = models.DecimalField("total", **MONEY, help_text="In pounds and pence.")
    status = models.CharField(max_length=20, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    accountable_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountable_budgets",
        help_text="For a pooled fund: the organisation that holds and accounts for the money.",
    )
    note = BoundedTextField(blank=True, max_length=NOTES)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rolled_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        permissions = [
            ("approve_budget", "Can approve a budget"),
            ("close_budget", "Can close a budget"),
            ("export_budget", "Can export a budget's breakdown"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "name"],
                name="budget_unique_per_org_year_name",
                violation_error_message="This organisation already has a budget of this name for this year.",
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0),
                name="budget_total_not_negative",
                violation_error_message="A budget's total cannot be negative.",
            ),
        ]
        indexes = [
            # The budget list: one organisation's budgets, newest year first.
            models.Index(fields=["organisation", "-year"], name="budget_org_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:budget_detail", args=[self.pk])

    @property
    def year_label(self) -> str:
        return fy_label(self.year)

    @property
    def is_draft(self) -> bool:
        return self.status == BudgetStatus.DRAFT


class FundingContribution(models.Model):
    """What one or more funding streams give a budget. Several streams in one contribution say
    that a report gave their combined figure without a split (Oxfordshire 2010/11)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="contributions")
    streams = models.ManyToManyField("budgets.FundingStream", related_name="contributions")
    amount = models.DecimalField(**MONEY)
    partner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a pooled fund: the partner organisation paying this contribution.",
    )
    note = BoundedTextField(blank=True, max_length=SHORT_TEXT)
    history = HistoricalRecords(m2m_fields=[streams])

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="contribution_amount_not_negative",
                violation_error_message="Enter an amount of £0.00 or more.",
            )
        ]

    def __str__(self) -> str:
        return f"{format_gbp(self.amount)} to {self.budget}"


class Virement(models.Model):
    """A recorded move of money between two allocations of an approved budget."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="virements")
    from_allocation = models.ForeignKey("budgets.Allocation", on_delete=models.PROTECT, related_name="+")
    to_allocation = models.ForeignKey("budgets.Allocation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    reason = BoundedTextField(max_length=SHORT_TEXT)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="virement_amount_positive",
                violation_error_message="Enter an amount of more than £0.00.",
            )
        ]

    def __str__(self) -> str:
        return f"Virement of {format_gbp(self.amount)}"


ZERO = Decimal("0.00")
