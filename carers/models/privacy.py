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
    AccessLogQuerySet,
    CarerOwnedQuerySet,
)
from common.fields import NOTES, SHORT_TEXT, BoundedTextField
from common.id_list import IdListField


class AccessLog(models.Model):
    """Who viewed, exported or was refused a carer's record, and when (never edited).

    One row per carer opened or refused. An export of many carers is ONE row listing every carer
    in the file (`carer_ids`, `carer` empty): writing a row per exported carer cost twice the export
    itself (60,631 rows at full scale). `AccessLog.objects.about(carer_id)` finds both kinds; on
    PostgreSQL a GIN index answers "which exports held this carer" (migration 0014).
    """

    # No foreign-key constraints in the database, and no index of its own on carer (the composite
    # index below leads with carer): the ids come from the carers and users tables in the same
    # statement or from a saved record, carers are never deleted in the product (erasure
    # anonymises in place, merge moves the log), and the ORM still applies CASCADE and PROTECT.
    carer = models.ForeignKey(
        Carer,
        on_delete=models.CASCADE,
        related_name="access_log",
        db_index=False,
        db_constraint=False,
        null=True,
        blank=True,
    )
    # Every carer in an export (the row's only link to them: never shown to anyone but who may see
    # the log, never in one carer's subject access export).
    carer_ids = IdListField(null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="carer_access_log", db_constraint=False
    )
    action = models.CharField(max_length=10, choices=c.AccessAction.choices)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # A carer's access log page, newest first.
            models.Index(fields=["carer", "-at"], name="accesslog_carer_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(carer__isnull=False) | Q(carer_ids__isnull=False),
                name="accesslog_about_someone",
                violation_error_message="An access-log entry names the carer (or the carers) it is about.",
            ),
        ]

    def __str__(self) -> str:
        about = self.carer_id if self.carer_id else f"{len(self.carer_ids or [])} carers"
        return f"{self.user} {self.get_action_display().lower()} {about} at {self.at:%d/%m/%Y %H:%M}"


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
