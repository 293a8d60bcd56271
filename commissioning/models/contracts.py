"""The contracts register: a contract as awarded, and every change after award as an amendment.

A contract's row holds what was awarded (values, start, initial end, extension options, notice
period); its current end, values and options used come from its amendments (latest first), never
stored a second time. Derived values are annotated by ContractQuerySet.with_current() for lists
and read from the amendments for one contract (Contract.current).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning import terms
from commissioning.choices import AmendmentKind, ContractStatus, NoticeKind, ReviewFrequency
from commissioning.querysets import AmendmentQuerySet, ContractQuerySet
from common.fields import SHORT_TEXT, BoundedTextField


def validate_options(value: str) -> None:
    try:
        terms.parse_options(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


MONEY = {"max_digits": 14, "decimal_places": 2}
# Dates a contract can have: outside these, month arithmetic on its term (latest possible end,
# decision due by) would leave the calendar, and such a date is a typing mistake anyway.
EARLIEST, LATEST = date(1980, 1, 1), date(2100, 12, 31)


def date_range_errors(**dates) -> dict[str, str]:
    return {
        name: f"Enter a date between {EARLIEST:%Y} and {LATEST:%Y}."
        for name, value in dates.items()
        if value is not None and not EARLIEST <= value <= LATEST
    }


@dataclass(frozen=True)
class CurrentTerms:
    """A contract's values now, from its award and its amendments."""

    end: date
    total_value: Decimal
    annual_value: Decimal
    options_used: int
    terminated_on: date | None


class Contract(models.Model):
    """A contract as awarded, with the organisations it serves and its review schedule."""

    reference = models.CharField(max_length=40, help_text="The council's contract reference, for example OCC-CAR-0001.")
    title = models.CharField(max_length=200)
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="contracts_held")
    accountable_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts_accountable",
        help_text="The organisation accountable for the contract (its commissioners edit it).",
    )
    on_behalf_of = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="contracts_commissioned_for",
        help_text="Partners it is commissioned on behalf of (they read it).",
    )
    service_lines = models.ManyToManyField("commissioning.ServiceLine", related_name="contracts")
    delivery_method = models.ForeignKey(
        "commissioning.DeliveryMethod", on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    funding_streams = models.ManyToManyField("budgets.FundingStream", blank=True, related_name="contracts")
    total_value = models.DecimalField("total value at award", **MONEY)
    annual_value = models.DecimalField("annual value at award", **MONEY)
    start_date = models.DateField("start")
    initial_end_date = models.DateField("initial end")
    extension_options = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_options],
        help_text="Each option's length in months, in order: 24 for 3 + 2 years, 12 12 for 2 + 1 + 1. Empty for none.",
    )
    notice_period_months = models.PositiveSmallIntegerField(
        "notice period (months)",
        default=3,
        validators=[MaxValueValidator(24)],
        help_text="How long before the end a decision to extend must be made.",
    )
    tupe_applies = models.BooleanField("TUPE applies", default=False)
    status = models.CharField(max_length=20, choices=ContractStatus.choices, default=ContractStatus.LIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts_owned",
        help_text="The commissioner who manages it.",
    )
    next_review_date = models.DateField("next review", null=True, blank=True)
    review_frequency = models.CharField(
        max_length=20, choices=ReviewFrequency.choices, default=ReviewFrequency.QUARTERLY
    )
    # Where a procurement awarded it (its lot: Lot.contract); a contract loaded from an existing
    # register has none.
    procurement = models.ForeignKey(
        "commissioning.Procurement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="contracts",
    )
    lot = models.CharField(max_length=120, blank=True)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])
    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["initial_end_date", "id"]
        permissions = [("exercise_extension", "Can exercise a contract's extension option")]
        indexes = [
            # The register filtered by accountable body and sorted/filtered by end.
            models.Index(fields=["accountable_body", "initial_end_date", "id"], name="contract_body_end_idx"),
            models.Index(fields=["provider"], name="contract_provider_idx"),
            # The review-date reminder source.
            models.Index(fields=["next_review_date"], name="contract_review_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["accountable_body", "reference"],
                name="contract_reference_unique_per_body",
                violation_error_message="This organisation already has a contract with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(initial_end_date__gte=F("start_date")),
                name="contract_end_after_start",
                violation_error_message="The end must be on or after the start.",
            ),
            models.CheckConstraint(
                condition=Q(total_value__gte=0) & Q(annual_value__gte=0),
                name="contract_values_not_negative",
                violation_error_message="Values cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__lte=F("total_value")),
                name="contract_annual_within_total",
                violation_error_message="The annual value cannot be more than the total value.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:contract_detail", args=[self.pk])

    def clean(self) -> None:
        errors = date_range_errors(
            start_date=self.start_date, initial_end_date=self.initial_end_date, next_review_date=self.next_review_date
        )
        if self.start_date and self.initial_end_date and self.initial_end_date < self.start_date:
            errors["initial_end_date"] = "The end must be on or after the start."
        if self.total_value is not None and self.annual_value is not None and self.annual_value > self.total_value:
            errors["annual_value"] = "The annual value cannot be more than the total value."
        if errors:
            raise ValidationError(errors)

    # --- Derived values ---------------------------------------------------------------------
    @property
    def options(self) -> list[int]:
        return terms.parse_options(self.extension_options)

    @property
    def options_label(self) -> str:
        return terms.options_label(self.options)

    @property
    def current(self) -> CurrentTerms:
        """The contract's values now: the latest amendment that set each one, else the award.
        Uses the annotations of with_current() where present, else the amendments (prefetched
        by the contract page's selector)."""
        if hasattr(self, "current_end"):
            return CurrentTerms(
                self.current_end,
                self.current_total,
                self.current_annual,
                self.options_used,
                getattr(self, "terminated_on", None),
            )
        end, total, annual, used, terminated = self.initial_end_date, self.total_value, self.annual_value, 0, None
        for amendment in sorted(self.amendments.all(), key=lambda a: a.sequence):
            end = amendment.end_after or end
            total = amendment.total_after if amendment.total_after is not None else total
            annual = amendment.annual_after if amendment.annual_after is not None else annual
            if amendment.kind == AmendmentKind.EXTENSION:
                used += 1
            if amendment.kind == AmendmentKind.TERMINATION:
                terminated = amendment.end_after
        return CurrentTerms(end, total, annual, used, terminated)

    @property
    def options_left(self) -> list[int]:
        return self.options[self.current.options_used :]

    @property
    def latest_possible_end(self) -> date:
        current = self.current
        if self.status == ContractStatus.TERMINATED:
            return current.end
        end = current.end
        for months in self.options_left:
            end = terms.term_end_after(end, months)
        return end

    @property
    def days_to_expiry(self) -> int:
        return (self.current.end - timezone.localdate()).days

    @property
    def decision_due_by(self) -> date:
        """The current end less the notice period: when the decision to extend or re-procure is due."""
        return self.current.end - relativedelta(months=self.notice_period_months)

    @property
    def is_expired(self) -> bool:
        return self.status == ContractStatus.LIVE and self.current.end < timezone.localdate()


class ContractAmendment(models.Model):
    """One change after award: an extension, a variation of value, scope or term, or an early
    termination, with its before and after values, its rationale and its decision. The contract's
    current values are the latest amendment's after values."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="amendments")
    sequence = models.PositiveIntegerField(help_text="1 for the first amendment, then 2, 3...")
    kind = models.CharField(max_length=20, choices=AmendmentKind.choices)
    effective_on = models.DateField("takes effect on")
    rationale = BoundedTextField(max_length=SHORT_TEXT)
    end_before = models.DateField(null=True, blank=True)
    end_after = models.DateField(null=True, blank=True)
    total_before = models.DecimalField(null=True, blank=True, **MONEY)
    total_after = models.DecimalField(null=True, blank=True, **MONEY)
    annual_before = models.DecimalField(null=True, blank=True, **MONEY)
    annual_after = models.DecimalField(null=True, blank=True, **MONEY)
    scope_before = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    scope_after = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    option_months = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Extensions: months exercised.")
    # The decision behind it: who decided, in which body (scheme of delegation), when, minute ref.
    decision_maker = models.CharField(max_length=120, blank=True)
    decision_body = models.CharField(max_length=120, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reference = models.CharField(max_length=120, blank=True)
    notice_kind = models.CharField(max_length=4, choices=NoticeKind.choices)
    notice_published_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "sequence"]
        indexes = [
            # The notices page: amendments whose notice is not yet published.
            models.Index(fields=["notice_published_on", "effective_on"], name="amendment_notice_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "sequence"],
                name="amendment_sequence_unique",
                violation_error_message="This contract already has an amendment with this number.",
            ),
            models.CheckConstraint(
                condition=(Q(total_after__isnull=True) | Q(total_after__gte=0))
                & (Q(annual_after__isnull=True) | Q(annual_after__gte=0)),
                name="amendment_values_not_negative",
                violation_error_message="Values cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"Amendment {self.sequence}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.contract.get_absolute_url()}#amendment-{self.sequence}"

    def clean(self) -> None:
        errors = date_range_errors(effective_on=self.effective_on, end_after=self.end_after)
        if errors:
            raise ValidationError(errors)
