from django.urls import reverse

from common.panels import Panel
from reminders.models import Notification


def panels(user) -> list[Panel]:
    if not user.has_perm("reminders.view_notification"):
        return []
    unread = Notification.objects.for_user(user).unread().count()
    return [
        Panel("Unread notifications", unread, "reminders and alerts for you", reverse("reminders:notification_list"))
    ]
