"""Breaks, grants and vouchers awarded to carers, and voucher redemptions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from carers.grants.choices import VOUCHER_KINDS, GrantKind, GrantStatus, PaymentMethod
from carers.models.carer import Carer
from carers.models.dates import today as _today
from carers.querysets import (
    CarerOwnedQuerySet,
)
from common.fields import SHORT_TEXT, BoundedTextField


class RedemptionQuerySet(CarerOwnedQuerySet):
    """Voucher redemptions are visible when the carer who holds the vouchers is."""

    carer_path = "grant__carer"


class CarerGrant(models.Model):
    """A grant, direct payment or set of break vouchers a carer applied for, and the decision."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="grants")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="carer_grants", editable=False
    )
    kind = models.CharField(max_length=20, choices=GrantKind.choices)
    purpose = BoundedTextField(
        max_length=SHORT_TEXT, help_text="What it is for: a short break, a course, a gym membership..."
    )
    applied_on = models.DateField("date of application", default=_today)
    amount_requested = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    vouchers_requested = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=10, choices=GrantStatus.choices, default=GrantStatus.APPLIED)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = BoundedTextField("reason for the decision", max_length=SHORT_TEXT, blank=True)
    amount_awarded = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    vouchers_issued = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_on = models.DateField(null=True, blank=True, help_text="When the money was paid (spend falls in its year).")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GrantStatus.values),
                name="carergrant_status_valid",
                violation_error_message="Unknown grant status.",
            ),
            models.CheckConstraint(
                condition=(Q(amount_requested__isnull=True) | Q(amount_requested__gt=0))
                & (Q(amount_awarded__isnull=True) | Q(amount_awarded__gt=0)),
                name="carergrant_amounts_positive",
                violation_error_message="Amounts must be more than £0.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(amount_awarded__isnull=False) | Q(vouchers_issued__isnull=False),
                name="carergrant_approved_has_award",
                violation_error_message="An approved grant needs the amount awarded or the vouchers issued.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="carergrant_declined_has_reason",
                violation_error_message="Give the reason the grant was declined.",
            ),
        ]
        indexes = [
            # A carer's grants on their page.
            models.Index(fields=["carer", "-applied_on"], name="carergrant_carer_idx"),
            # Spend by financial year for budgets (grant_spend_by_year) and the managers' list.
            models.Index(fields=["organisation", "status", "paid_on"], name="carergrant_org_spend_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.carer}"

    def get_absolute_url(self) -> str:
        return reverse("carers:grant_detail", args=[self.pk])

    @property
    def is_voucher(self) -> bool:
        return self.kind in VOUCHER_KINDS

    def clean(self) -> None:
        errors = {}
        today = _today()
        if self.applied_on and self.applied_on > today:
            errors["applied_on"] = "The date of application cannot be in the future."
        if self.decided_on and self.applied_on and self.decided_on < self.applied_on:
            errors["decided_on"] = "The decision cannot come before the application."
        if self.is_voucher:
            if self.amount_requested is not None or self.amount_awarded is not None:
                errors["amount_awarded"] = "Vouchers are awarded as a number of vouchers, not an amount."
        elif self.vouchers_requested is not None or self.vouchers_issued is not None:
            errors["vouchers_issued"] = "Only Take a Break awards are given as vouchers."
        if self.status == GrantStatus.APPROVED:
            if self.is_voucher and not self.vouchers_issued:
                errors["vouchers_issued"] = "Give the number of vouchers issued."
            if not self.is_voucher and not self.amount_awarded:
                errors["amount_awarded"] = "Give the amount awarded."
            if not self.payment_method:
                errors["payment_method"] = "Choose how it is paid."
        if self.status == GrantStatus.DECLINED and not self.decision_reason.strip():
            errors["decision_reason"] = "Give the reason the grant was declined."
        if self.paid_on and self.status != GrantStatus.APPROVED:
            errors["paid_on"] = "Only an approved grant is paid."
        if errors:
            raise ValidationError(errors)


class VoucherRedemption(models.Model):
    """Vouchers a provider redeemed: the short breaks a carer took with them."""

    grant = models.ForeignKey(CarerGrant, on_delete=models.PROTECT, related_name="redemptions")
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="voucher_redemptions")
    redeemed_on = models.DateField(default=_today)
    vouchers_used = models.PositiveIntegerField(
        "vouchers (breaks taken)", validators=[MinValueValidator(1)], help_text="One voucher pays for one break."
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = RedemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-redeemed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vouchers_used__gte=1),
                name="voucherredemption_at_least_one",
                violation_error_message="Redeem at least one voucher.",
            ),
        ]
        indexes = [
            # Breaks taken by financial year (the KPI page and grant_spend_by_year).
            models.Index(fields=["redeemed_on"], name="voucherredemption_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.vouchers_used} voucher(s) redeemed by {self.provider} on {self.redeemed_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.redeemed_on and self.redeemed_on > _today():
            raise ValidationError({"redeemed_on": "The date cannot be in the future."})
