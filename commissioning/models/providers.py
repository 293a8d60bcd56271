"""Providers: a provider organisation's details (charity and company numbers, services offered)
and the accreditation or approval schemes it holds. Organisations themselves are accounts'."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.choices import AccreditationStatus
from commissioning.querysets import AccreditationQuerySet, ProviderProfileQuerySet
from common.fields import SHORT_TEXT, BoundedTextField


class ProviderProfile(models.Model):
    """What commissioning knows about a provider or voluntary organisation, one to one with it."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="provider_profile"
    )
    charity_number = models.CharField("charity number", max_length=20, blank=True)
    company_number = models.CharField("Companies House number", max_length=20, blank=True)
    services = models.ManyToManyField("commissioning.ServiceLine", blank=True, related_name="providers")
    notes = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords(m2m_fields=[])
    objects = ProviderProfileQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        indexes = [
            # The import matches suppliers by number: these serve its lookups.
            models.Index(fields=["charity_number"], name="provider_charity_number_idx"),
            models.Index(fields=["company_number"], name="provider_company_number_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(charity_number="") | Q(charity_number__regex=r"^[0-9A-Za-z-]+$"),
                name="provider_charity_number_format",
                violation_error_message="A charity number has only letters, digits and hyphens.",
            ),
            models.CheckConstraint(
                condition=Q(company_number="") | Q(company_number__regex=r"^[0-9A-Za-z]+$"),
                name="provider_company_number_format",
                violation_error_message="A company number has only letters and digits, for example 01234567.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("commissioning:provider_detail", args=[self.pk])


class Accreditation(models.Model):
    """A provider's standing in an accreditation or approval scheme (Support with Confidence, CQC
    registration, a council's approved provider list), with its status and expiry."""

    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="accreditations")
    scheme = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=AccreditationStatus.choices, default=AccreditationStatus.APPROVED)
    awarded_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True)

    history = HistoricalRecords()
    objects = AccreditationQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "id"]
        indexes = [
            # The accreditation-expiry reminder source scans by expiry date.
            models.Index(fields=["expires_on"], name="accreditation_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(awarded_on__isnull=True)
                | Q(expires_on__gte=models.F("awarded_on")),
                name="accreditation_expires_after_award",
                violation_error_message="The expiry date must be on or after the date it was awarded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return self.provider.get_absolute_url()
