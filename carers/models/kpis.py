"""Carer KPIs: estimated carers per area, indicators a commissioner defines and their yearly targets."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from carers.kpis.choices import MEASURE_UNITS, KpiMeasure, KpiUnit
from carers.querysets import AreaEstimateQuerySet, KpiIndicatorQuerySet, KpiTargetQuerySet
from common.fields import SHORT_TEXT, BoundedTextField
from common.years import fy_label

_FY_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class AreaEstimate(models.Model):
    """The estimated number of carers in an area for a financial year, and the target trajectory
    for the share of them the council knows (baseline + percentage points a year)."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="carer_estimates")
    year = models.PositiveSmallIntegerField(
        "financial year", validators=_FY_VALIDATORS, help_text="The year it starts in: 2010 for 2010/11."
    )
    estimated_carers = models.IntegerField(
        "estimated carers", validators=[MinValueValidator(0)], help_text="For example from the census: 60,000."
    )
    known_baseline = models.IntegerField(
        "carers known at the baseline",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Carers known to the council and its partners at the start, if the register does not hold "
        "them all yet (9,000 in Oxfordshire). Leave empty to count the register.",
    )
    annual_increase_points = models.DecimalField(
        "increase a year (percentage points)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="How much the share of carers known should grow each year: 20 takes 15% to 75% in 3 years.",
    )
    trajectory_years = models.PositiveSmallIntegerField(
        "years of the trajectory", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the estimate comes from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AreaEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                name="areaestimate_one_per_area_year",
                violation_error_message="This area already has an estimate for that year.",
            ),
            models.CheckConstraint(
                condition=Q(estimated_carers__gte=0),
                name="areaestimate_estimate_not_negative",
                violation_error_message="The estimate cannot be below zero.",
            ),
            models.CheckConstraint(
                condition=Q(known_baseline__isnull=True) | Q(known_baseline__gte=0),
                name="areaestimate_baseline_not_negative",
                violation_error_message="The number known cannot be below zero.",
            ),
            models.CheckConstraint(
                condition=Q(annual_increase_points__gte=0) & Q(annual_increase_points__lte=100),
                name="areaestimate_increase_0_100",
                violation_error_message="The increase a year is between 0 and 100 percentage points.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {fy_label(self.year)}: {self.estimated_carers:,} carers estimated"

    def clean(self) -> None:
        if (
            self.known_baseline is not None
            and self.estimated_carers is not None
            and self.known_baseline > self.estimated_carers
        ):
            raise ValidationError({"known_baseline": "The number known cannot be more than the estimate."})


class KpiIndicator(models.Model):
    """An indicator a commissioner follows against yearly targets (NI135, Carers Link membership...)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_kpis")
    name = models.CharField(max_length=200)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    measure = models.CharField(
        "where the actual comes from", max_length=20, choices=KpiMeasure.choices, default=KpiMeasure.MANUAL
    )
    unit = models.CharField(max_length=10, choices=KpiUnit.choices, default=KpiUnit.COUNT)
    is_active = models.BooleanField("in use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = KpiIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "KPI indicator"
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="kpiindicator_name_unique_per_org",
                violation_error_message="Your organisation already has an indicator with this name.",
            ),
            models.CheckConstraint(
                condition=Q(measure__in=KpiMeasure.values),
                name="kpiindicator_measure_valid",
                violation_error_message="Choose where the actual figure comes from.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("carers:kpi_detail", args=[self.pk])

    def clean(self) -> None:
        # A computed measure has a fixed unit; only a hand-entered indicator chooses its own.
        if self.measure in MEASURE_UNITS:
            self.unit = MEASURE_UNITS[KpiMeasure(self.measure)]

    @property
    def is_percent(self) -> bool:
        return self.unit == KpiUnit.PERCENT


class KpiTarget(models.Model):
    """An indicator's target for one financial year, and the actual where it must be entered."""

    indicator = models.ForeignKey(KpiIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("financial year", validators=_FY_VALIDATORS)
    target = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    actual = models.DecimalField(
        "actual (entered)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The reported figure, where the data cannot compute it.",
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    objects = KpiTargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "KPI target"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="kpitarget_one_per_year",
                violation_error_message="This indicator already has a target for that year.",
            ),
            models.CheckConstraint(
                condition=(Q(target__isnull=True) | Q(target__gte=0)) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="kpitarget_not_negative",
                violation_error_message="Targets and actuals cannot be below zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {fy_label(self.year)}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.is_percent:
            errors = {}
            for field in ("target", "actual"):
                value = getattr(self, field)
                if value is not None and not (0 <= value <= 100):
                    errors[field] = "A percentage is between 0 and 100."
            if errors:
                raise ValidationError(errors)
