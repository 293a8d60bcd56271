"""Pages for the signposting directory: list, search as you type (htmx), entries, and recording
a service as information given on a contact."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import View

from carers.directory import selectors, services
from carers.directory.filters import DirectoryEntryFilterSet
from carers.directory.forms import DirectoryEntryForm, DirectorySearchForm, InformationGivenForm
from carers.directory.tables import DirectoryEntryTable
from common.errors import DomainError
from common.views import RoleCreateView, RoleDetailView, RoleListView, RolePermissionMixin, RoleUpdateView


class DirectoryListView(RoleListView):
    """The directory, with a search box that answers as the officer types."""

    permission_required = "carers.view_directoryentry"
    filterset_class = DirectoryEntryFilterSet
    table_class = DirectoryEntryTable
    template_name = "carers/directory/directoryentry_list.html"
    create_url_name = "carers:directory_create"
    create_permission = "carers.add_directoryentry"

    def get_queryset(self):
        return selectors.directory_list().order_by("name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contact = self.request.GET.get("contact", "")
        context["contact_id"] = int(contact) if contact.isdigit() else None
        context["can_record"] = self.request.user.has_perm("carers.add_informationgiven")
        return context


class DirectorySearchView(RolePermissionMixin, View):
    """The htmx partial: the best matches for what was typed (also a plain page without htmx)."""

    permission_required = "carers.view_directoryentry"

    def get(self, request):
        form = DirectorySearchForm(request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        area = data.get("area")
        results = selectors.directory_search(
            q=data.get("q", ""), category=data.get("category", ""), area_id=area.pk if area else None
        )
        context = {
            "results": results,
            "q": data.get("q", ""),
            "contact_id": data.get("contact"),
            "can_record": request.user.has_perm("carers.add_informationgiven"),
        }
        template = "carers/directory/includes/_results.html"
        if not request.headers.get("HX-Request"):
            template = "carers/directory/directory_search.html"
        return render(request, template, context)


class DirectoryDetailView(RoleDetailView):
    permission_required = "carers.view_directoryentry"
    change_permission = "carers.change_directoryentry"
    template_name = "carers/directory/directoryentry_detail.html"

    def get_queryset(self):
        return selectors.directory_list()


class _DirectoryForm:
    form_class = DirectoryEntryForm
    template_name = "carers/directory/directoryentry_form.html"

    def run_service(self, form):
        return services.directory_entry_save(entry=form.instance if form.instance.pk else None, **form.cleaned_data)


class DirectoryCreateView(_DirectoryForm, RoleCreateView):
    permission_required = "carers.add_directoryentry"


class DirectoryUpdateView(_DirectoryForm, RoleUpdateView):
    permission_required = "carers.change_directoryentry"

    def get_queryset(self):
        return selectors.directory_list()


class InformationGivenRecordView(RolePermissionMixin, View):
    """POST: record a directory service as information given on a contact, then go back."""

    permission_required = "carers.add_informationgiven"
    http_method_names = ["post"]

    def post(self, request):
        form = InformationGivenForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                given = services.information_given_record(
                    contact=form.cleaned_data["contact"], entry=form.cleaned_data["entry"], user=request.user
                )
                messages.success(request, f"Recorded: {given.entry} given as information.")
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            errors = "; ".join(error for errors in form.errors.values() for error in errors)
            messages.error(request, f"Nothing recorded: {errors}")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "carers:directory_list"
        return redirect(target)
