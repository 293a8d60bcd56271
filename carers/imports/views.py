"""Pages for the bulk import of carers: upload (dry run), the errors found, confirm, error export."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import View

from carers.imports import selectors, services
from carers.imports.choices import ImportStatus
from carers.imports.columns import COLUMNS
from carers.imports.filters import CarerImportFilterSet
from carers.imports.forms import CarerImportConfirmForm, CarerImportForm
from carers.imports.tables import CarerImportTable
from common.errors import DomainError
from common.exports import Column, Kind, export_format, rows_response
from common.views import RoleDetailView, RoleListView, RolePermissionMixin, ServiceFormView

PERMISSIONS = ("carers.add_carerimport", "carers.add_carer")


class CarerImportListView(RoleListView):
    permission_required = PERMISSIONS
    filterset_class = CarerImportFilterSet
    table_class = CarerImportTable
    template_name = "carers/imports/carerimport_list.html"
    create_url_name = "carers:import_create"
    create_permission = "carers.add_carerimport"

    def get_queryset(self):
        return selectors.carer_import_list(self.request.user)


class CarerImportCreateView(ServiceFormView):
    """Upload a list: it is checked at once (a dry run) and nothing is imported yet."""

    permission_required = PERMISSIONS
    form_class = CarerImportForm
    template_name = "carers/imports/carerimport_form.html"
    error_field = "file"  # what is wrong with the upload is said on the upload field

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"columns": COLUMNS}

    def run_service(self, form):
        upload = form.cleaned_data["file"]
        return services.carer_import_upload(
            user=self.request.user,
            organisation=self.request.user.organisation,
            filename=upload.name,
            content=upload.read(),
        )

    def get_success_message(self) -> str:
        if self.object.status == ImportStatus.READY:
            return f"All {self.object.row_count} rows are valid. Check and confirm the import."
        return ""  # the page it goes to lists the rows' errors


class CarerImportDetailView(RoleDetailView):
    """The dry run's result: every invalid row with its row number and field, or the confirm button."""

    permission_required = PERMISSIONS
    template_name = "carers/imports/carerimport_detail.html"

    def get_queryset(self):
        return selectors.carer_import_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirm_form"] = CarerImportConfirmForm()
        context["error_rows"] = len({error["row"] for error in self.object.errors})
        context["progress"] = services.carer_import_progress(self.object)
        return context


class CarerImportProgressView(RolePermissionMixin, View):
    """The progress bar of a queued import, polled by htmx from the import's page. Once the
    import is over, HX-Refresh reloads the page, which then shows the outcome."""

    permission_required = PERMISSIONS

    def get(self, request, *args, **kwargs):
        carer_import = get_object_or_404(selectors.carer_import_list(request.user), pk=self.kwargs["pk"])
        if not request.headers.get("HX-Request"):
            # Opened as a page (no htmx, or a bookmark): the fragment has no <html>, so go to
            # the import's own page, which shows the same progress.
            return redirect(carer_import.get_absolute_url())
        if carer_import.status == ImportStatus.QUEUED and services.import_looks_stale(carer_import):
            services.carer_import_requeue_stale()  # its message was lost: send it again
        response = render(
            request,
            "carers/imports/includes/_progress.html",
            {"object": carer_import, "progress": services.carer_import_progress(carer_import)},
        )
        if carer_import.status != ImportStatus.QUEUED:
            response["HX-Refresh"] = "true"
        return response


class CarerImportConfirmView(RolePermissionMixin, View):
    """GET: the confirmation page. POST: queue the import (every row in one transaction, or none)."""

    permission_required = PERMISSIONS

    def get_object(self):
        return get_object_or_404(selectors.carer_import_list(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        carer_import = self.get_object()
        return render(
            request,
            "carers/imports/carerimport_confirm.html",
            {"object": carer_import, "form": CarerImportConfirmForm()},
        )

    def post(self, request, *args, **kwargs):
        carer_import = self.get_object()
        try:
            carer_import = services.carer_import_confirm(carer_import=carer_import, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(carer_import.get_absolute_url())
        carer_import.refresh_from_db()  # on the embedded default the import has already run
        if carer_import.status == ImportStatus.IMPORTED:
            messages.success(request, f"{carer_import.imported_count} carers were imported.")
        elif carer_import.status == ImportStatus.QUEUED:
            messages.success(request, "The import has started. This page shows how far it has gone.")
        return redirect(carer_import.get_absolute_url())


class CarerImportErrorsView(RolePermissionMixin, View):
    """The errors as CSV (or XLSX with `?format=xlsx`); the offending values are formula-neutralised
    by common.exports."""

    permission_required = PERMISSIONS
    columns = [
        Column("Row", None, Kind.INT),
        Column("Field", None),
        Column("Problem", None),
        Column("Value given", None),
    ]

    def get(self, request, *args, **kwargs):
        export_as = export_format(request)
        carer_import = get_object_or_404(selectors.carer_import_list(request.user), pk=self.kwargs["pk"])
        rows = ([e["row"], e["field"], e["message"], e.get("value", "")] for e in carer_import.errors)
        return rows_response(
            self.columns, rows, filename=f"import-{carer_import.pk}-errors", format=export_as, sheet_title="Problems"
        )
