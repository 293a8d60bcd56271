"""Carer imports: an uploaded file checked row by row, then imported all or nothing."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from carers.imports.choices import ImportStatus


class CarerImport(models.Model):
    """An uploaded carers list: checked in a dry run, then imported all at once or not at all.

    The file is held here (not on disk, not in the session) between the dry run and the import,
    capped at carers.imports.choices.MAX_UPLOAD_BYTES."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, editable=False)
    row_count = models.PositiveIntegerField(default=0, editable=False)
    errors = models.JSONField(default=list, blank=True, editable=False)
    # What the check found that is not an error but changes what is imported (an unknown column,
    # a date defaulted): shown before confirmation.
    warnings = models.JSONField(default=list, blank=True, editable=False)
    imported_count = models.PositiveIntegerField(default=0, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list of one organisation's imports, newest first.
            models.Index(fields=["organisation", "-created_at"], name="carerimport_org_idx"),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("carers:import_detail", args=[self.pk])
