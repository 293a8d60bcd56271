from django.contrib import messages
from django.shortcuts import redirect
from django.views import View
from django.views.generic import ListView

from common.views import RolePermissionMixin
from reminders import services
from reminders.models import Notification


class NotificationListView(RolePermissionMixin, ListView):
    """The signed-in user's notifications, unread first."""

    permission_required = "reminders.view_notification"
    template_name = "reminders/notification_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).order_by("read_at", "-created_at", "-id")


class NotificationMarkReadView(RolePermissionMixin, View):
    permission_required = "reminders.change_notification"

    def post(self, request):
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
        count = services.notifications_mark_read(user=request.user, ids=ids)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        return redirect("reminders:notification_list")
