"""Consultation events, key messages, documents, actions ("you said, we did"), forums with their
meetings, strategies with action plans, and workstreams with milestones."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.fields import NOTES, SHORT_TEXT, BoundedTextField
from common.reference import ReferenceList
from consultations import querysets as qs
from consultations.choices import (
    ActionStatus,
    Audience,
    DocumentKind,
    Method,
    Progress,
    Recurrence,
    When,
)


class Theme(ReferenceList):
    """A theme key messages are tagged with (information, breaks, peer support...): administrators
    keep the list."""

    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="theme_name_unique_ci",
                violation_error_message="A theme with this name already exists.",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("consultations:theme_detail", args=[self.pk])


class ConsultationEvent(models.Model):
    """One consultation or involvement event (or a recurring series of them) and who ran it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="consultation_events", editable=False
    )
    title = models.CharField(max_length=200)
    about = BoundedTextField("what it was about", max_length=SHORT_TEXT)
    run_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="run by (a user)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_events_run",
    )
    run_by_name = models.CharField("run by (name)", max_length=200, blank=True, help_text="When not a user here.")
    run_by_organisation = models.CharField(
        "their organisation or team", max_length=200, blank=True, help_text="For example, Carers Forum or LINk."
    )
    method = models.CharField("how it was done", max_length=20, choices=Method.choices)
    when = models.CharField(max_length=10, choices=When.choices, default=When.DATE)
    starts_on = models.DateField("date (or first date)")
    ends_on = models.DateField("last date", null=True, blank=True, help_text="For a date range, or a series' end.")
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, blank=True)
    occurrence_count = models.PositiveIntegerField(
        "number of occurrences",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(520)],
        help_text="For a series without an end date.",
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    participants = models.IntegerField(
        "number of participants",
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="The number of participants cannot be below zero.")],
    )
    eia_done = models.BooleanField("equality impact assessment done", default=False)
    # What the consultation informed: procurements, contracts and strategies, each of its own council.
    informed_procurements = models.ManyToManyField(
        "commissioning.Procurement",
        verbose_name="procurements it informed",
        blank=True,
        related_name="consultations",
    )
    informed_contracts = models.ManyToManyField(
        "commissioning.Contract",
        verbose_name="contracts it informed",
        blank=True,
        related_name="consultations",
    )
    informed_strategies = models.ManyToManyField(
        "consultations.Strategy",
        verbose_name="strategies it informed",
        blank=True,
        related_name="informed_by_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = qs.EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="consultationevent_ends_after_start",
                violation_error_message="The last date cannot be before the first.",
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="consultationevent_participants_not_negative",
                violation_error_message="The number of participants cannot be below zero.",
            ),
            models.CheckConstraint(
                condition=Q(run_by_user__isnull=False) | ~Q(run_by_name=""),
                name="consultationevent_has_runner",
                violation_error_message="Say who ran it: a user, or a person's name.",
            ),
            models.CheckConstraint(
                condition=~Q(when="range") | Q(ends_on__isnull=False),
                name="consultationevent_range_has_end",
                violation_error_message="A date range needs its last date.",
            ),
            models.CheckConstraint(
                condition=~Q(when="recurring")
                | (~Q(recurrence="") & (Q(ends_on__isnull=False) | Q(occurrence_count__isnull=False))),
                name="consultationevent_series_bounded",
                violation_error_message=(
                    "A recurring series needs how often it recurs and an end date or a number of occurrences."
                ),
            ),
        ]
        indexes = [
            # The events list, newest first, within one council.
            models.Index(fields=["organisation", "-starts_on"], name="consultevent_org_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:event_detail", args=[self.pk])

    @property
    def run_by(self) -> str:
        who = str(self.run_by_user) if self.run_by_user_id else self.run_by_name
        return f"{who}, {self.run_by_organisation}" if self.run_by_organisation else who


class EventOccurrence(models.Model):
    """One date of a recurring series (a quarterly steering group's meetings)."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="occurrences")
    held_on = models.DateField()

    objects = qs.EventChildQuerySet.as_manager()

    class Meta:
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "held_on"],
                name="eventoccurrence_unique",
                violation_error_message="This series already has an occurrence on this date.",
            )
        ]
        indexes = [
            # Upcoming occurrences in a date window.
            models.Index(fields=["held_on"], name="eventoccurrence_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} on {self.held_on:%d %b %Y}"


class KeyMessage(models.Model):
    """One thing people said at an event, tagged with themes."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="messages")
    text = BoundedTextField("what people said", max_length=SHORT_TEXT)
    themes = models.ManyToManyField(Theme, related_name="messages", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = qs.EventChildQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}..."

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#message-{self.pk}"


def _document_path(instance, filename: str) -> str:
    # The stored name never comes from the upload (no path tricks, no clashes); the original
    # name is kept in a column and given back on download.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consultations/{uuid.uuid4().hex}.{extension}"


class ConsultationDocument(models.Model):
    """A file held for an event (minutes, a presentation, survey results).

    Files live under MEDIA_ROOT, which no URL serves (not static, no MEDIA_URL route): the only way
    to one is the download view, for signed-in users who may see the event."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.REPORT)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = qs.EventChildQuerySet.as_manager()

    class Meta:
        ordering = ["event", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:document_download", args=[self.pk])


class ConsultationAction(models.Model):
    """What the council will do about a key message ("you said, we did"), who owns it and by when."""

    message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE, related_name="actions")
    description = BoundedTextField("what we will do", max_length=SHORT_TEXT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_actions")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    response = BoundedTextField("what we did", max_length=NOTES, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = qs.ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values),
                name="consultationaction_status_valid",
                violation_error_message="Unknown action status.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress"]) | ~Q(response=""),
                name="consultationaction_closed_has_response",
                violation_error_message="Say what was done (or why not) before closing the action.",
            ),
        ]
        indexes = [
            # Reminders and the home page: actions due in a window.
            models.Index(fields=["due_on"], name="consultaction_due_idx"),
        ]

    def __str__(self) -> str:
        return self.description if len(self.description) <= 80 else f"{self.description[:77]}..."

    def get_absolute_url(self) -> str:
        return reverse("consultations:action_update", args=[self.pk])


class Forum(models.Model):
    """A standing forum (a carers forum, a provider forum) that meets regularly."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="forums", editable=False
    )
    name = models.CharField(max_length=200)
    purpose = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CARERS)
    meets = models.CharField("meets", max_length=10, choices=Recurrence.choices, default=Recurrence.QUARTERLY)
    established_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField("still meeting", default=True)

    history = HistoricalRecords()
    objects = qs.CouncilOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="forum_name_unique_ci",
                violation_error_message="Your council already has a forum with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultations:forum_detail", args=[self.pk])


class ForumMeeting(models.Model):
    """One meeting of a forum: when, how many came, what was discussed."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.IntegerField(
        null=True, blank=True, validators=[MinValueValidator(0, message="Attendees cannot be below zero.")]
    )
    notes = BoundedTextField("summary of the meeting", max_length=NOTES, blank=True)
    event = models.ForeignKey(
        ConsultationEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_meetings",
        help_text="The consultation event recorded for it, with its key messages.",
    )

    objects = qs.ForumChildQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendees__isnull=True) | Q(attendees__gte=0),
                name="forummeeting_attendees_not_negative",
                violation_error_message="Attendees cannot be below zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum} meeting, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return self.forum.get_absolute_url()


class Strategy(models.Model):
    """A carers strategy (South Tees Carers Strategy 2021–26) whose action plan has aims and deliverables."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="strategies", editable=False
    )
    title = models.CharField(max_length=200)
    summary = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(max_length=200, blank=True, help_text="For example, Health and Wellbeing Board.")
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        help_text="The forum that reviews its progress.",
    )

    history = HistoricalRecords()
    objects = qs.CouncilOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name_plural = "strategies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="strategy_ends_after_start",
                violation_error_message="The strategy cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:strategy_detail", args=[self.pk])


class StrategyAim(models.Model):
    """One aim of a strategy's action plan; its deliverables are grouped under it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="aims")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)

    objects = qs.AimQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="strategyaim_number_unique",
                violation_error_message="This strategy already has an aim with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Aim {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.strategy.get_absolute_url()


class Deliverable(models.Model):
    """A deliverable of an action plan: who owns it, its progress, and its milestones."""

    aim = models.ForeignKey(StrategyAim, on_delete=models.CASCADE, related_name="deliverables")
    description = BoundedTextField(max_length=SHORT_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliverables", null=True, blank=True
    )
    owner_name = models.CharField(
        "owned by (name)", max_length=200, blank=True, help_text="A partner or group, when not a user here."
    )
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    progress_note = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()
    objects = qs.DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["aim", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""),
                name="deliverable_has_owner",
                violation_error_message="Say who owns the deliverable: a user, or a partner's name.",
            )
        ]

    def __str__(self) -> str:
        return self.description if len(self.description) <= 80 else f"{self.description[:77]}..."

    def get_absolute_url(self) -> str:
        return self.aim.strategy.get_absolute_url()

    @property
    def owned_by(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


class Workstream(models.Model):
    """A programme workstream (Emergency Alert Card & Contingency Planning) with start, completion and milestones."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="workstreams", editable=False
    )
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="workstreams"
    )
    starts_on = models.DateField()
    completes_on = models.DateField("completion date", null=True, blank=True)
    completion_note = models.CharField(
        max_length=200, blank=True, help_text="For example, ongoing, review January 2009."
    )
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)

    history = HistoricalRecords()
    objects = qs.CouncilOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["number", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completes_on__isnull=True) | Q(completes_on__gte=models.F("starts_on")),
                name="workstream_completes_after_start",
                violation_error_message="The completion date cannot be before the start.",
            )
        ]

    def __str__(self) -> str:
        return f"Workstream {self.number}: {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:workstream_detail", args=[self.pk])


class Milestone(models.Model):
    """A dated milestone of a deliverable or of a workstream (exactly one of the two)."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones"
    )
    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones"
    )
    title = models.CharField(max_length=300)
    due_on = models.DateField("due by")
    done_on = models.DateField("achieved on", null=True, blank=True)

    history = HistoricalRecords()
    objects = qs.MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deliverable__isnull=True, workstream__isnull=False)
                | Q(deliverable__isnull=False, workstream__isnull=True),
                name="milestone_one_parent",
                violation_error_message="A milestone belongs to one deliverable or one workstream.",
            )
        ]
        indexes = [
            # Reminders: milestones not yet achieved falling due in a window.
            models.Index(fields=["due_on"], name="milestone_due_idx", condition=Q(done_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        parent = self.workstream or self.deliverable
        return parent.get_absolute_url()


class CalendarFeedToken(models.Model):
    """The secret in one user's iCalendar feed address (calendar apps cannot sign in).

    Only the token's SHA-256 is kept: the address is shown once, when it is made; making a new
    one or revoking it makes the old address answer 404."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
