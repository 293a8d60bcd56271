"""The personal-data records: the access log, subject access requests and erasure requests."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from carers import choices as c
from carers.models.carer import Carer
from carers.models.dates import today as _today
from carers.querysets import (
    CarerOwnedQuerySet,
)
from common.fields import NOTES, SHORT_TEXT, BoundedTextField


class AccessLog(models.Model):
    """Who viewed, exported or was refused a carer's record, and when (never edited)."""

    # No foreign-key constraints in the database, and no index of its own on carer (the composite
    # index below leads with carer): an export writes one row per carer in one INSERT ... SELECT,
    # and per-row FK checks were most of its time (60,000 rows: 5 of 9 s at full scale). The ids
    # come from the carers and users tables in that same statement or from a saved record, carers
    # are never deleted in the product (erasure anonymises in place, merge moves the log in one
    # UPDATE), and the ORM still applies CASCADE and PROTECT on delete.
    carer = models.ForeignKey(
        Carer, on_delete=models.CASCADE, related_name="access_log", db_index=False, db_constraint=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="carer_access_log", db_constraint=False
    )
    action = models.CharField(max_length=10, choices=c.AccessAction.choices)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # A carer's access log page, newest first.
            models.Index(fields=["carer", "-at"], name="accesslog_carer_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} {self.carer_id} at {self.at:%d/%m/%Y %H:%M}"


class SubjectAccessRequest(models.Model):
    """A carer's request for everything held about them, due one calendar month after receipt."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="subject_access_requests")
    received_on = models.DateField()
    due_on = models.DateField(editable=False)
    requested_by = models.CharField(max_length=200, blank=True, help_text="If not the carer themselves.")
    completed_on = models.DateField(null=True, blank=True)
    notes = BoundedTextField(max_length=NOTES, blank=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=F("received_on")),
                name="sar_due_after_received",
                violation_error_message="The deadline falls after the request was received.",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("received_on")),
                name="sar_completed_after_received",
                violation_error_message="A request cannot be answered before it was received.",
            ),
        ]
        indexes = [
            # Open requests by deadline (reminder source).
            models.Index(fields=["due_on"], name="sar_open_due_idx", condition=Q(completed_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on:%d %B %Y}"

    def clean(self) -> None:
        if self.received_on:
            if self.received_on > _today():
                raise ValidationError({"received_on": "The date received cannot be in the future."})
            self.due_on = self.received_on + relativedelta(months=1)
        if self.completed_on and self.received_on and self.completed_on < self.received_on:
            raise ValidationError({"completed_on": "A request cannot be answered before it was received."})


class ErasureRequest(models.Model):
    """A request to erase a carer's data: erased (anonymised), or restricted while retention applies."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="erasure_requests")
    received_on = models.DateField()
    decision = models.CharField(max_length=10, choices=c.ErasureDecision.choices, default=c.ErasureDecision.PENDING)
    reason = BoundedTextField(
        max_length=SHORT_TEXT, blank=True, help_text="Why, including any statutory retention period that applies."
    )
    retain_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="restrict") | Q(retain_until__isnull=False),
                name="erasure_restrict_needs_retention",
                violation_error_message="Say until when the record must be kept.",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending") | ~Q(reason=""),
                name="erasure_decision_has_reason",
                violation_error_message="Give the reason for the decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request received {self.received_on:%d %B %Y}"
