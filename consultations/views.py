"""Pages for consultations: events with their key messages, documents and actions; the themes
page; "you said, we did"; forums and meetings; strategies' action plans; workstreams."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View

from common.views import (
    RoleCreateView,
    RoleDetailView,
    RoleListView,
    RolePermissionMixin,
    RoleUpdateView,
    ServiceFormView,
)
from consultations import calendar, selectors, services
from consultations.filters import ActionFilterSet, EventFilterSet
from consultations.forms import (
    ActionForm,
    AimForm,
    CalendarFilterForm,
    DeliverableForm,
    DocumentForm,
    EventForm,
    ForumForm,
    MeetingForm,
    MessageForm,
    MilestoneForm,
    StrategyForm,
    WorkstreamForm,
)
from consultations.models import Theme
from consultations.tables import ActionTable, EventTable


class _UserFormMixin:
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class _ParentMixin:
    """A page about one record of `parent_selector(user)` (pk in the URL): out of scope is 404.
    Looked up after the permission check, so a refused role gets 403, not 404."""

    parent_selector = None
    parent_name = "parent"

    @cached_property
    def parent(self):
        return get_object_or_404(type(self).parent_selector(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {self.parent_name: self.parent, "parent": self.parent}

    def get_success_url(self):
        return self.parent.get_absolute_url()


# --- Events ------------------------------------------------------------------------------------


class EventListView(RoleListView):
    """The council's consultation events, filtered by method, audience, theme and date."""

    permission_required = "consultations.view_consultationevent"
    filterset_class = EventFilterSet
    table_class = EventTable
    template_name = "consultations/consultationevent_list.html"
    create_url_name = "consultations:event_create"
    create_permission = "consultations.add_consultationevent"

    def get_queryset(self):
        return selectors.event_list(self.request.user).order_by("-starts_on", "-id")


class EventDetailView(RoleDetailView):
    """An event with its key messages (themes, actions), documents and a series' occurrences."""

    permission_required = "consultations.view_consultationevent"
    change_permission = "consultations.change_consultationevent"
    template_name = "consultations/consultationevent_detail.html"

    def get_queryset(self):
        return selectors.event_for_page(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "messages_": selectors.event_messages(self.object),
            "documents": selectors.event_documents(self.object),
            "occurrences": self.object.occurrences.all(),
            "informed": selectors.event_informed(self.object, user),
            "can_add_message": user.has_perm("consultations.add_keymessage"),
            "can_change_message": user.has_perm("consultations.change_keymessage"),
            "can_add_action": user.has_perm("consultations.add_consultationaction"),
            "can_change_action": user.has_perm("consultations.change_consultationaction"),
            "can_add_document": user.has_perm("consultations.add_consultationdocument"),
            "can_download": user.has_perm("consultations.view_consultationdocument"),
        }


class EventCreateView(_UserFormMixin, RoleCreateView):
    permission_required = "consultations.add_consultationevent"
    form_class = EventForm
    template_name = "consultations/form_page.html"
    success_message = "The event was recorded."
    extra_context = {"heading": "Record a consultation event"}

    def run_service(self, form):
        return services.event_create(user=self.request.user, **form.cleaned_data)


class EventUpdateView(_UserFormMixin, RoleUpdateView):
    permission_required = "consultations.change_consultationevent"
    form_class = EventForm
    template_name = "consultations/form_page.html"
    success_message = "The event was updated."
    extra_context = {"heading": "Edit the event"}

    def get_queryset(self):
        return selectors.event_for_page(self.request.user)

    def run_service(self, form):
        return services.event_update(event=self.object, **form.cleaned_data)


class EventMessageCreateView(_ParentMixin, ServiceFormView):
    """Add a key message to an event."""

    permission_required = "consultations.add_keymessage"
    parent_selector = staticmethod(selectors.event_for_page)
    form_class = MessageForm
    template_name = "consultations/form_page.html"
    success_message = "The key message was added."
    extra_context = {"heading": "Add a key message"}

    def run_service(self, form):
        return services.message_add(event=self.parent, **form.cleaned_data)


class MessageUpdateView(RoleUpdateView):
    permission_required = "consultations.change_keymessage"
    form_class = MessageForm
    template_name = "consultations/form_page.html"
    success_message = "The key message was updated."
    extra_context = {"heading": "Edit the key message"}

    def get_queryset(self):
        return selectors.message_list(self.request.user)

    def run_service(self, form):
        return services.message_update(message=self.object, **form.cleaned_data)


class EventDocumentCreateView(_ParentMixin, ServiceFormView):
    """Upload a document for an event: type, size and content are checked before it is kept."""

    permission_required = "consultations.add_consultationdocument"
    parent_selector = staticmethod(selectors.event_for_page)
    form_class = DocumentForm
    template_name = "consultations/document_form.html"
    success_message = "The document was uploaded."

    def run_service(self, form):
        return services.document_upload(event=self.parent, user=self.request.user, **form.cleaned_data)


class DocumentDownloadView(RolePermissionMixin, View):
    """A document, to signed-in users who may see documents and its event; never a public URL.

    Served as an attachment with the type its extension allows (never the uploader's claim), not
    sniffed, not cached, and sandboxed should a browser open it anyway."""

    permission_required = "consultations.view_consultationdocument"

    def get(self, request, pk):
        document = get_object_or_404(selectors.document_list(request.user), pk=pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The file is missing.") from exc
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


# --- Actions ("you said, we did") ------------------------------------------------------------


class MessageActionCreateView(_UserFormMixin, _ParentMixin, ServiceFormView):
    """From a key message, an action with owner, due date and status."""

    permission_required = "consultations.add_consultationaction"
    parent_selector = staticmethod(selectors.message_list)
    parent_name = "message"
    form_class = ActionForm
    template_name = "consultations/action_form.html"
    success_message = "The action was recorded."

    def run_service(self, form):
        return services.action_create(message=self.parent, **form.cleaned_data)

    def get_success_url(self):
        return self.parent.event.get_absolute_url()


class ActionListView(RoleListView):
    """Every action of the council's consultations, soonest due first."""

    permission_required = "consultations.view_consultationaction"
    filterset_class = ActionFilterSet
    table_class = ActionTable
    template_name = "consultations/consultationaction_list.html"

    def get_queryset(self):
        return selectors.action_list(self.request.user).order_by("due_on", "id")


class ActionUpdateView(_UserFormMixin, RoleUpdateView):
    """Change an action's owner, date or status and say what was done."""

    permission_required = "consultations.change_consultationaction"
    form_class = ActionForm
    template_name = "consultations/action_form.html"
    success_message = "The action was updated."

    def get_queryset(self):
        return selectors.action_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"message": self.object.message}

    def run_service(self, form):
        return services.action_update(action=self.object, **form.cleaned_data)

    def get_success_url(self):
        return self.object.message.event.get_absolute_url()


class EventYouSaidView(RolePermissionMixin, TemplateView):
    """The printable "you said, we did" of one event: each message and what was done about it."""

    permission_required = "consultations.view_consultationaction"
    template_name = "consultations/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(selectors.event_for_page(self.request.user), pk=self.kwargs["pk"])
        return super().get_context_data(**kwargs) | {
            "subject": event,
            "events": None,
            "messages_": selectors.event_messages(event),
        }


# --- Themes ------------------------------------------------------------------------------------


class ThemeListView(RolePermissionMixin, TemplateView):
    """Which themes came up how often across the council's events, and in which years."""

    permission_required = "consultations.view_keymessage"
    template_name = "consultations/theme_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = selectors.theme_counts(user)
        by_year = selectors.theme_by_year(user)
        years = sorted({year for counts in by_year.values() for year in counts if year is not None})
        for row in rows:
            counts = by_year.get(row["theme_id"], {})
            row["by_year"] = [counts.get(year, 0) for year in years]
        most = max((row["events"] for row in rows), default=0)
        return super().get_context_data(**kwargs) | {"rows": rows, "years": years, "most": most}


class ThemeDetailView(RolePermissionMixin, TemplateView):
    """A theme's key messages, newest event first, with their actions."""

    permission_required = "consultations.view_keymessage"
    template_name = "consultations/theme_detail.html"

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(Theme.objects.all(), pk=self.kwargs["pk"])
        return super().get_context_data(**kwargs) | {
            "theme": theme,
            "messages_": selectors.theme_messages(self.request.user, theme)[:500],
        }


class ThemeYouSaidView(RolePermissionMixin, TemplateView):
    """The printable "you said, we did" of one theme across events."""

    permission_required = "consultations.view_consultationaction"
    template_name = "consultations/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(Theme.objects.all(), pk=self.kwargs["pk"])
        return super().get_context_data(**kwargs) | {
            "subject": theme,
            "by_theme": True,
            "messages_": selectors.theme_messages(self.request.user, theme)[:500],
        }


# --- Forums and meetings ---------------------------------------------------------------------


class ForumListView(RolePermissionMixin, TemplateView):
    permission_required = "consultations.view_forum"
    template_name = "consultations/forum_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "forums": selectors.forum_list(self.request.user).order_by("name"),
            "can_create": self.request.user.has_perm("consultations.add_forum"),
        }


class ForumDetailView(RoleDetailView):
    permission_required = "consultations.view_forum"
    change_permission = "consultations.change_forum"
    template_name = "consultations/forum_detail.html"

    def get_queryset(self):
        return selectors.forum_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "meetings": selectors.forum_meetings(self.object),
            "strategies": self.object.strategies.all(),
            "can_add_meeting": self.request.user.has_perm("consultations.add_forummeeting"),
        }


class ForumCreateView(RoleCreateView):
    permission_required = "consultations.add_forum"
    form_class = ForumForm
    template_name = "consultations/form_page.html"
    success_message = "The forum was added."
    extra_context = {"heading": "Add a forum"}

    def run_service(self, form):
        return services.forum_create(user=self.request.user, **form.cleaned_data)


class ForumUpdateView(RoleUpdateView):
    permission_required = "consultations.change_forum"
    form_class = ForumForm
    template_name = "consultations/form_page.html"
    extra_context = {"heading": "Edit the forum"}

    def get_queryset(self):
        return selectors.forum_list(self.request.user)

    def run_service(self, form):
        return services.forum_update(forum=self.object, **form.cleaned_data)


class ForumMeetingCreateView(_UserFormMixin, _ParentMixin, ServiceFormView):
    permission_required = "consultations.add_forummeeting"
    parent_selector = staticmethod(selectors.forum_list)
    form_class = MeetingForm
    template_name = "consultations/form_page.html"
    success_message = "The meeting was recorded."
    extra_context = {"heading": "Record a meeting"}

    def run_service(self, form):
        return services.meeting_record(forum=self.parent, **form.cleaned_data)


# --- Strategies and action plans -------------------------------------------------------------


class StrategyListView(RolePermissionMixin, TemplateView):
    permission_required = "consultations.view_strategy"
    template_name = "consultations/strategy_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "strategies": selectors.strategy_list(self.request.user),
            "can_create": self.request.user.has_perm("consultations.add_strategy"),
        }


class StrategyDetailView(RoleDetailView):
    """A strategy and its action plan: deliverables grouped by aim, with owners, milestones, progress."""

    permission_required = "consultations.view_strategy"
    change_permission = "consultations.change_strategy"
    template_name = "consultations/strategy_detail.html"

    def get_queryset(self):
        return selectors.strategy_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "aims": selectors.strategy_plan(self.object),
            "informed_by": selectors.events_informing_strategy(self.object),
            "can_add_aim": user.has_perm("consultations.add_strategyaim"),
            "can_add_deliverable": user.has_perm("consultations.add_deliverable"),
            "can_change_deliverable": user.has_perm("consultations.change_deliverable"),
            "can_add_milestone": user.has_perm("consultations.add_milestone"),
            "can_change_milestone": user.has_perm("consultations.change_milestone"),
        }


class StrategyCreateView(_UserFormMixin, RoleCreateView):
    permission_required = "consultations.add_strategy"
    form_class = StrategyForm
    template_name = "consultations/form_page.html"
    success_message = "The strategy was added."
    extra_context = {"heading": "Add a strategy"}

    def run_service(self, form):
        return services.strategy_create(user=self.request.user, **form.cleaned_data)


class StrategyUpdateView(_UserFormMixin, RoleUpdateView):
    permission_required = "consultations.change_strategy"
    form_class = StrategyForm
    template_name = "consultations/form_page.html"
    extra_context = {"heading": "Edit the strategy"}

    def get_queryset(self):
        return selectors.strategy_list(self.request.user)

    def run_service(self, form):
        return services.strategy_update(strategy=self.object, **form.cleaned_data)


class StrategyAimCreateView(_ParentMixin, ServiceFormView):
    permission_required = "consultations.add_strategyaim"
    parent_selector = staticmethod(selectors.strategy_list)
    form_class = AimForm
    template_name = "consultations/form_page.html"
    success_message = "The aim was added."
    extra_context = {"heading": "Add an aim to the action plan"}

    def run_service(self, form):
        return services.aim_add(strategy=self.parent, **form.cleaned_data)


class StrategyDeliverableCreateView(_UserFormMixin, _ParentMixin, ServiceFormView):
    permission_required = "consultations.add_deliverable"
    parent_selector = staticmethod(selectors.strategy_list)
    form_class = DeliverableForm
    template_name = "consultations/form_page.html"
    success_message = "The deliverable was added."
    extra_context = {"heading": "Add a deliverable"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"strategy": self.parent}

    def get_initial(self):
        aim = self.request.GET.get("aim", "")
        return {"aim": int(aim)} if aim.isdigit() else {}

    def run_service(self, form):
        return services.deliverable_add(**form.cleaned_data)


class DeliverableUpdateView(_UserFormMixin, RoleUpdateView):
    permission_required = "consultations.change_deliverable"
    form_class = DeliverableForm
    template_name = "consultations/form_page.html"
    success_message = "The deliverable was updated."
    extra_context = {"heading": "Update the deliverable"}

    def get_queryset(self):
        return selectors.deliverable_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"strategy": self.object.aim.strategy}

    def run_service(self, form):
        return services.deliverable_update(deliverable=self.object, **form.cleaned_data)


class DeliverableMilestoneCreateView(_ParentMixin, ServiceFormView):
    permission_required = "consultations.add_milestone"
    parent_selector = staticmethod(selectors.deliverable_list)
    form_class = MilestoneForm
    template_name = "consultations/form_page.html"
    success_message = "The milestone was added."
    extra_context = {"heading": "Add a milestone to the deliverable"}

    def run_service(self, form):
        return services.milestone_add(deliverable=self.parent, **form.cleaned_data)


# --- Workstreams and milestones --------------------------------------------------------------


class WorkstreamListView(RolePermissionMixin, TemplateView):
    permission_required = "consultations.view_workstream"
    template_name = "consultations/workstream_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "workstreams": selectors.workstream_list(self.request.user),
            "can_create": self.request.user.has_perm("consultations.add_workstream"),
        }


class WorkstreamDetailView(RoleDetailView):
    permission_required = "consultations.view_workstream"
    change_permission = "consultations.change_workstream"
    template_name = "consultations/workstream_detail.html"

    def get_queryset(self):
        return selectors.workstream_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "milestones": selectors.workstream_milestones(self.object),
            "can_add_milestone": self.request.user.has_perm("consultations.add_milestone"),
            "can_change_milestone": self.request.user.has_perm("consultations.change_milestone"),
        }


class WorkstreamCreateView(_UserFormMixin, RoleCreateView):
    permission_required = "consultations.add_workstream"
    form_class = WorkstreamForm
    template_name = "consultations/form_page.html"
    success_message = "The workstream was added."
    extra_context = {"heading": "Add a workstream"}

    def run_service(self, form):
        return services.workstream_create(user=self.request.user, **form.cleaned_data)


class WorkstreamUpdateView(_UserFormMixin, RoleUpdateView):
    permission_required = "consultations.change_workstream"
    form_class = WorkstreamForm
    template_name = "consultations/form_page.html"
    extra_context = {"heading": "Edit the workstream"}

    def get_queryset(self):
        return selectors.workstream_list(self.request.user)

    def run_service(self, form):
        return services.workstream_update(workstream=self.object, **form.cleaned_data)


class WorkstreamMilestoneCreateView(_ParentMixin, ServiceFormView):
    permission_required = "consultations.add_milestone"
    parent_selector = staticmethod(selectors.workstream_list)
    form_class = MilestoneForm
    template_name = "consultations/form_page.html"
    success_message = "The milestone was added."
    extra_context = {"heading": "Add a milestone to the workstream"}

    def run_service(self, form):
        return services.milestone_add(workstream=self.parent, **form.cleaned_data)


class MilestoneUpdateView(RoleUpdateView):
    """Change a milestone's date or record it achieved."""

    permission_required = "consultations.change_milestone"
    form_class = MilestoneForm
    template_name = "consultations/form_page.html"
    success_message = "The milestone was updated."
    extra_context = {"heading": "Update the milestone"}

    def get_queryset(self):
        return selectors.milestone_list(self.request.user)

    def run_service(self, form):
        return services.milestone_update(milestone=self.object, **form.cleaned_data)


# --- Calendar and its iCalendar feed -------------------------------------------------------------


# The new feed address, from the POST that made it to the one page that shows it.
FEED_URL_SESSION_KEY = "consultations_calendar_feed_url"


class CalendarView(RolePermissionMixin, TemplateView):
    """Upcoming events (a series' occurrences), action due dates and milestones for the next
    months, by month; and the address of the user's own iCalendar feed."""

    permission_required = "consultations.view_consultationevent"
    template_name = "consultations/calendar.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kinds = calendar.visible_kinds(user)
        form = CalendarFilterForm(self.request.GET or None, kinds=kinds)
        start, months, wanted = timezone.localdate(), 3, kinds
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["start"] or start
            months = form.cleaned_data["months"] or months
            wanted = form.cleaned_data["kinds"] or kinds
        end = start + relativedelta(months=months) - timedelta(days=1)
        # Filters with a mistake show their errors and no entries, rather than entries they did not ask for.
        items = []
        if not (form.is_bound and form.errors):
            items = calendar.calendar_items(user, start=start, end=end, kinds=wanted)
        by_month: dict = {}
        for item in items:
            by_month.setdefault(item.starts_on.replace(day=1), []).append(item)
        return super().get_context_data(**kwargs) | {
            "form": form,
            "start": start,
            "end": end,
            "months": sorted(by_month.items()),
            "count": len(items),
            "has_feed": selectors.calendar_feed_exists(user),
            "feed_url": self.request.session.pop(FEED_URL_SESSION_KEY, None),
        }


class _PostOnlyMixin:
    """Answer anything but POST with 405 before the permission check (a button's target, not a page)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class CalendarFeedIssueView(_PostOnlyMixin, RolePermissionMixin, View):
    """Make (or remake) the user's feed address. Only the secret's hash is kept, so the address is
    handed to the calendar page through the session and shown there once (popped on display)."""

    permission_required = "consultations.view_consultationevent"

    def post(self, request):
        token = services.calendar_feed_issue(user=request.user)
        request.session[FEED_URL_SESSION_KEY] = request.build_absolute_uri(
            reverse("consultations:calendar_feed", args=[token])
        )
        messages.success(request, "Your calendar feed address is below. Copy it now: it is shown only once.")
        return redirect(reverse("consultations:calendar") + "#feed")


class CalendarFeedRevokeView(_PostOnlyMixin, RolePermissionMixin, View):
    """Stop the user's feed: its address answers 404 from now on."""

    permission_required = "consultations.view_consultationevent"

    def post(self, request):
        services.calendar_feed_revoke(user=request.user)
        messages.success(request, "Your calendar feed was stopped. Calendar apps using its address get nothing more.")
        return redirect("consultations:calendar")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The iCalendar feed of one user, for calendar apps, which cannot sign in: the secret in
    the address stands for the user, and the feed holds what that user's role and council may
    see. A wrong or revoked secret, or a user who may no longer see consultations, gets 404."""

    def get(self, request, token):
        user = selectors.calendar_feed_user(token)
        if user is None or not calendar.visible_kinds(user):
            raise Http404("No such calendar.")
        start, end = calendar.feed_window()
        items = calendar.calendar_items(user, start=start, end=end)
        body = calendar.feed_ical(items, base_url=request.build_absolute_uri("/").rstrip("/"), host=request.get_host())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="consultations.ics"'
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response


def soon(days: int = 28):
    """(today, the end of the window) for "due soon" (the home page's four weeks)."""
    today = timezone.localdate()
    return today, today + timedelta(days=days)
