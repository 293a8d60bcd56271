"""Choices for consultation events, key messages, documents, actions, forums and action plans."""

from django.db import models


class Method(models.TextChoices):
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "E-mail"
    POSTAL_SURVEY = "postal_survey", "Postal survey"
    ONLINE_SURVEY = "online_survey", "Online survey"
    FOCUS_GROUPS = "focus_groups", "Focus groups"
    LOCALITY_MEETINGS = "locality_meetings", "Locality meetings"
    WORKSHOP = "workshop", "Workshop"


class When(models.TextChoices):
    DATE = "date", "On one date"
    RANGE = "range", "Over a date range"
    RECURRING = "recurring", "A recurring series"


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


# Months between occurrences (weekly is counted in weeks).
RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}
# A series is expanded into at most this many occurrences (ten years of weekly meetings).
MAX_OCCURRENCES = 520


class Audience(models.TextChoices):
    CARERS = "carers", "Carers"
    YOUNG_CARERS = "young_carers", "Young carers"
    PROVIDERS = "providers", "Providers"
    PROFESSIONALS = "professionals", "Professionals"
    PARTNERS = "partners", "Partner organisations"
    PUBLIC = "public", "The public"


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", "Minutes"
    REPORT = "report", "Report or summary"
    PRESENTATION = "presentation", "Presentation"
    ATTENDEES = "attendees", "List of attendees"
    RESULTS = "results", "Survey results"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_TAKEN = "not_taken", "Will not be done"


# Actions still to do: the home page's and the reminders' subject.
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
# A finished action says what was done (or why not): the "we did" of "you said, we did".
CLOSED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.NOT_TAKEN)


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"
