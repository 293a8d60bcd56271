"""Choices and limits for the bulk import of carers."""

from django.db import models

# An upload is held in the database between the dry run and the import: keep it small.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


class ImportStatus(models.TextChoices):
    INVALID = "invalid", "Has errors: nothing imported"
    READY = "ready", "Checked: ready to import"
    QUEUED = "queued", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Import failed: nothing imported"


# Rows saved per INSERT, and between two progress reports.
IMPORT_BATCH = 500
# An import queued this long ago whose worker has not reported progress for as long is queued
# again (its message may have been lost with a Redis restart): see carer_import_requeue_stale.
STALE_AFTER_SECONDS = 120
