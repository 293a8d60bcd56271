"""Register imports: an existing contracts register (CSV or XLSX, Transparency Code columns)
checked row by row in a dry run, then imported all or nothing."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportStatus(models.TextChoices):
    READY = "ready", "Checked: ready to import"
    FAILED = "failed", "Has errors: nothing imported"
    IMPORTED = "imported", "Imported"


class ContractImport(models.Model):
    """An uploaded register: its rows as read, the errors the dry run found (by row), its state."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="contract_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list, editable=False)
    errors = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, editable=False)
    imported_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:contractimport_detail", args=[self.pk])
