from django.http import HttpRequest

from reminders.models import Notification


def notifications(request: HttpRequest) -> dict:
    """The unread count for the header (one indexed COUNT over the user's own rows)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("reminders.view_notification"):
        return {"unread_notifications": None}
    # Memoised on the request: django-tables2 renders its table with a second RequestContext.
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.for_user(user).unread().count()
    return {"unread_notifications": request._unread_notifications}
