"""Notifications shown in the product (with a count in the header) and sent by e-mail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reminders.querysets import NotificationQuerySet


class Notification(models.Model):
    """One message to one user. `key` names what it is about (source, record, due date, lead
    time) so that the same reminder is never created twice for the same person."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200, help_text="What this notification is about; unique per recipient.")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="Where the recipient can act on it.")
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_recipient_and_key",
                violation_error_message="This notification was already sent to this person.",
            )
        ]
        indexes = [
            # Serves the header count and the inbox: a user's unread notifications, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reminders:notification_list")


class ReminderRule(models.Model):
    """When reminders go out for one due-date source: lead times before the date, and whether
    an overdue reminder follows. A source with no rule uses the defaults it registered with."""

    source = models.CharField(max_length=100, unique=True, help_text="The due-date source this rule is for.")
    leads = models.CharField(
        "lead times",
        max_length=100,
        help_text="Before the due date, separated by spaces: 12m = 12 months, 4w = 4 weeks, 10d = 10 days.",
    )
    send_overdue = models.BooleanField("remind when overdue", default=True)
    is_active = models.BooleanField("send reminders", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return self.source

    def get_absolute_url(self) -> str:
        return reverse("reminders:rule_list")

    def clean(self) -> None:
        from reminders.registry import parse_lead

        leads = self.leads.split()
        if not leads:
            raise ValidationError({"leads": "Enter at least one lead time, for example 4w 1w."})
        for lead in leads:
            try:
                parse_lead(lead)
            except ValueError as exc:
                raise ValidationError({"leads": str(exc)}) from exc
        self.leads = " ".join(lead.lower() for lead in leads)
