"""A contract's key performance indicators, with targets and periodic returns rated on the
Procurement Act 2023 scale."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.choices import KpiFrequency, KpiRating
from commissioning.querysets import KpiQuerySet, KpiReturnQuerySet
from common.fields import SHORT_TEXT, BoundedTextField


class ContractKpi(models.Model):
    """One indicator a contract's provider reports on (optional: light-touch contracts need none)."""

    contract = models.ForeignKey("commissioning.Contract", on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    target = models.CharField(max_length=120, help_text="For example: 95% of referrals contacted within 5 days.")
    frequency = models.CharField(max_length=20, choices=KpiFrequency.choices, default=KpiFrequency.QUARTERLY)
    next_return_due = models.DateField("next return due", null=True, blank=True)

    history = HistoricalRecords()
    objects = KpiQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "name", "id"]
        indexes = [models.Index(fields=["next_return_due"], name="contractkpi_due_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.contract.get_absolute_url() + "#kpis"


class KpiReturn(models.Model):
    """One period's return against a KPI, rated good / approaching target / requires improvement /
    inadequate / other."""

    kpi = models.ForeignKey(ContractKpi, on_delete=models.CASCADE, related_name="returns")
    period_end = models.DateField("period ending")
    actual = models.CharField(max_length=120)
    rating = models.CharField(max_length=30, choices=KpiRating.choices)
    comment = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = KpiReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["kpi", "-period_end"], name="kpireturn_kpi_period_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period_end"],
                name="kpireturn_once_per_period",
                violation_error_message="A return for this period is already recorded.",
            ),
            models.CheckConstraint(
                condition=~Q(actual=""),
                name="kpireturn_actual_given",
                violation_error_message="Enter what was achieved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} to {self.period_end:%d/%m/%Y}: {self.get_rating_display()}"

    def get_absolute_url(self) -> str:
        return self.kpi.get_absolute_url()
