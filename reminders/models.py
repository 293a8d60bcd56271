"""Notifications shown in the product (with a count in the header) and sent by e-mail."""

from django.conf import settings
from django.db import models
from django.urls import reverse

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
