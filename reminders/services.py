"""Writes for reminders: marking notifications read."""

from django.db import transaction
from django.utils import timezone

from reminders.models import Notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.for_user(user).unread()
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    return queryset.update(read_at=timezone.now())
