from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView, TemplateView

from common.views import RolePermissionMixin, ServiceFormView
from reminders import registry, selectors, services
from reminders.forms import ReminderRuleForm
from reminders.models import Notification, ReminderRule


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


class ReminderRuleListView(RolePermissionMixin, TemplateView):
    """Every due-date source and when its reminders go out."""

    permission_required = "reminders.view_reminderrule"
    template_name = "reminders/reminderrule_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.source_rows()
        context["can_change"] = self.request.user.has_perm("reminders.change_reminderrule")
        return context


class ReminderRuleEditView(ServiceFormView):
    """Change a source's lead times (creating its rule from the defaults the first time)."""

    permission_required = "reminders.change_reminderrule"
    template_name = "reminders/reminderrule_form.html"
    form_class = ReminderRuleForm
    success_message = "Reminder times for {object.source} were saved."

    def dispatch(self, request, *args, **kwargs):
        self.source = registry.get_source(kwargs["source"])
        if self.source is None:
            raise Http404("No such due-date source.")
        self.rule = ReminderRule.objects.filter(source=self.source.name).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.rule or ReminderRule(
            source=self.source.name, leads=" ".join(self.source.default_leads), send_overdue=self.source.overdue
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        return context

    def run_service(self, form):
        data = form.cleaned_data
        return services.rule_save(rule=self.rule, source=self.source.name, **data)

    def get_success_url(self):
        return reverse("reminders:rule_list")
