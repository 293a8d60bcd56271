"""Contacts (the call log) and the referrals made on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from carers import choices as c
from carers.models.carer import Carer
from carers.models.reference import ContactReason
from carers.querysets import (
    ContactQuerySet,
    ReferralQuerySet,
)
from carers.validators import (
    validate_uk_phone,
)
from common.fields import NOTES, BoundedTextField


class Contact(models.Model):
    """One interaction with a carer, or with a caller not yet identified."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts")
    caller_name = models.CharField(max_length=200, blank=True, help_text="For a caller not yet identified.")
    caller_phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    channel = models.CharField(max_length=20, choices=c.Channel.choices, default=c.Channel.PHONE)
    contacted_at = models.DateTimeField("date and time", default=timezone.now)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="carer_contacts"
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_contacts")
    reason = models.ForeignKey(ContactReason, on_delete=models.PROTECT, related_name="contacts")
    advice_given = BoundedTextField("information and advice given", max_length=NOTES, blank=True)
    outcome = models.CharField(max_length=20, choices=c.ContactOutcome.choices)
    outcome_notes = BoundedTextField(max_length=NOTES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carer__isnull=False) | ~Q(caller_name="") | ~Q(caller_phone=""),
                name="contact_has_carer_or_caller",
                violation_error_message="Choose the carer, or give the caller's name or phone number.",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=c.Channel.values),
                name="contact_channel_valid",
                violation_error_message="Choose how they got in touch.",
            ),
        ]
        indexes = [
            # A carer's timeline, and their last contact: newest first.
            models.Index(fields=["carer", "-contacted_at"], name="contact_carer_when_idx"),
            # The unidentified callers' queue of one organisation.
            models.Index(
                fields=["organisation", "-contacted_at"],
                name="contact_unidentified_idx",
                condition=Q(carer__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        who = self.carer or self.caller_name or self.caller_phone
        return f"{self.get_channel_display()} contact with {who}"

    def get_absolute_url(self) -> str:
        return reverse("carers:contact_detail", args=[self.pk])

    def clean(self) -> None:
        if self.contacted_at and self.contacted_at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError({"contacted_at": "The date and time of the contact cannot be in the future."})


class Referral(models.Model):
    """A referral made on a contact; it stays open until a later contact or assessment closes it."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    # The contact's organisation, copied so that an organisation's open referrals are counted from
    # one small index (the home page shows them) rather than by joining ten million contacts.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="carer_referrals", editable=False
    )
    kind = models.CharField("referred to", max_length=30, choices=c.ReferralKind.choices)
    status = models.CharField(max_length=10, choices=c.ReferralStatus.choices, default=c.ReferralStatus.OPEN)
    note = models.CharField(max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_referrals"
    )
    closed_by_assessment = models.ForeignKey(
        "Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="closed_referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=c.ReferralStatus.OPEN) & Q(closed_at__isnull=True))
                | (Q(status=c.ReferralStatus.CLOSED) & Q(closed_at__isnull=False)),
                name="referral_closed_has_closed_at",
                violation_error_message="A closed referral needs the time it was closed; an open one has none.",
            ),
            models.UniqueConstraint(
                fields=["contact", "kind"],
                name="referral_unique_kind_per_contact",
                violation_error_message="This referral was already recorded on this contact.",
            ),
        ]
        indexes = [
            # A carer's open referrals (the tasks on their page).
            models.Index(fields=["carer", "kind"], name="referral_open_idx", condition=Q(status="open")),
            # An organisation's open referrals: the CSC home page's count and its task lists.
            models.Index(
                fields=["organisation", "-created_at"], name="referral_org_open_idx", condition=Q(status="open")
            ),
            # An organisation's open referrals of one kind: brokerage's home-page count.
            models.Index(
                fields=["organisation", "kind"], name="referral_org_kind_open_idx", condition=Q(status="open")
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.get_kind_display().lower()}"
