"""The signposting directory and the information given from it on a contact."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from carers.directory.choices import DirectoryCategory
from carers.models.contacts import Contact
from carers.validators import (
    normalise_postcode,
    validate_uk_phone,
    validate_uk_postcode,
)
from common.fields import ADDRESS, SHORT_TEXT, BoundedTextField


class InformationGivenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Information given on the contacts the user may see."""
        return self.filter(contact__in=Contact.objects.visible_to(user).values("pk"))


class DirectoryEntry(models.Model):
    """A local support service a CSC officer can signpost a carer to."""

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=DirectoryCategory.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_entries",
        help_text="The provider or voluntary organisation running it, if it is on the system.",
    )
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="directory_entries"
    )
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = BoundedTextField(max_length=ADDRESS, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    opening_times = models.CharField(max_length=300, blank=True)
    is_commissioned = models.BooleanField("commissioned by the council", default=False)
    is_active = models.BooleanField("listed", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "directory entries"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "area",
                name="directoryentry_name_area_unique",
                violation_error_message="This area already lists a service with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("carers:directory_detail", args=[self.pk])

    def clean(self) -> None:
        self.postcode = normalise_postcode(self.postcode)


class InformationGiven(models.Model):
    """A directory entry given to a caller as information on a contact (Contact ↔ DirectoryEntry)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information_given")
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.PROTECT, related_name="times_given")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    objects = InformationGivenQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name_plural = "information given"
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "entry"],
                name="informationgiven_once_per_contact",
                violation_error_message="This service was already recorded as given on this contact.",
            ),
        ]
        indexes = [
            # NI135 ("advice and information in the year") and how often each entry is used.
            models.Index(fields=["entry", "-given_at"], name="infogiven_entry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} given on contact {self.contact_id}"
