"""Choices and limits for the bulk import of carers."""

from django.db import models

# An upload is held in the database between the dry run and the import: keep it small.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


class ImportStatus(models.TextChoices):
    INVALID = "invalid", "Has errors: nothing imported"
    READY = "ready", "Checked: ready to import"
    IMPORTED = "imported", "Imported"
