"""Pages of the budgets app: thin views over budgets.selectors and budgets.services."""

from itertools import chain

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import ListView

from budgets import selectors, services
from budgets.charts import bar_chart
from budgets.choices import BudgetStatus
from budgets.exports import (
    BREAKDOWN_FIELDS,
    breakdown_columns,
    breakdown_queryset,
    breakdown_totals,
    by_service_line,
    line_commitments,
    totals_as_row,
)
from budgets.forms import (
    AllocationForm,
    BudgetForm,
    ConfirmForm,
    ContributionForm,
    EfficiencyForm,
    GroupForm,
    SpendForm,
    SpendImportForm,
    VirementForm,
)
from budgets.imports import spend_import_check, spend_import_confirm
from budgets.models import Allocation, SpendImport
from common.errors import DomainError
from common.exports import Column, Kind, csv_download, csv_line, csv_pieces, export_format, xlsx_sheets_response
from common.views import RoleDetailView, RolePermissionMixin, ServiceFormView

# The budget page lists the latest spend figures; the lines table carries every line's total.
SPEND_SHOWN = 24


class BudgetListView(RolePermissionMixin, ListView):
    """The organisation's budgets, newest year first, with their totals."""

    permission_required = "budgets.view_budget"
    template_name = "budgets/budget_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = selectors.budget_list(self.request.user)
        status = self.request.GET.get("status", "")
        if status in BudgetStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "can_create": self.request.user.has_perm("budgets.add_budget"),
            "statuses": BudgetStatus.choices,
            "status": self.request.GET.get("status", ""),
        }


class BudgetDetailView(RoleDetailView):
    """The budget page: funding, lines, allocated / unallocated / difference to the penny."""

    permission_required = "budgets.view_budget"
    change_permission = "budgets.change_budget"
    template_name = "budgets/budget_detail.html"

    def get_queryset(self):
        return selectors.budget_list(self.request.user)

    def get_context_data(self, **kwargs):
        budget = self.object
        user = self.request.user
        figures = selectors.budget_figures(budget)
        by_line_figures = selectors.figures_by_service_line(figures)
        by_line = selectors.allocated_largest_first(by_line_figures)
        funding = selectors.funding_year_on_year(budget)
        can_spend = budget.status != BudgetStatus.CLOSED and user.has_perm("budgets.add_spend")
        return super().get_context_data(**kwargs) | {
            "by_service_line": by_line,
            "charts": selectors.chart_data(by_line),
            "totals": selectors.budget_totals(budget, allocated=figures.budget.allocated),
            "figures": figures,
            "by_line_figures": by_line_figures,
            "funding_years": funding,
            "figures_chart": bar_chart(
                "Allocated, committed and spent by service line",
                ["Allocated", "Committed", "Spent"],
                [(r["name"], [r["allocated"], r["committed"], r["spent"]]) for r in by_line_figures],
                chart_id="chart-figures",
            ),
            "funding_chart": bar_chart(
                "Funding by stream, year on year",
                funding["years"],
                [(r["name"], r["amounts"]) for r in funding["rows"]],
                chart_id="chart-funding",
            ),
            "lines": figures.lines,
            "spend": selectors.spend_list(budget)[:SPEND_SHOWN],
            "can_spend": can_spend,
            "can_import_spend": can_spend and user.has_perm("budgets.add_spendimport"),
            "contributions": budget.contributions.select_related("partner").prefetch_related("streams"),
            "groups": budget.groups.all(),
            "efficiencies": budget.efficiencies.all(),
            "can_add_efficiency": user.has_perm("budgets.add_efficiency"),
            "virements": budget.virements.select_related("from_allocation", "to_allocation", "made_by"),
            "can_edit": budget.is_draft and user.has_perm("budgets.change_budget"),
            "can_approve": budget.is_draft and user.has_perm("budgets.approve_budget"),
            "can_close": budget.status == BudgetStatus.APPROVED and user.has_perm("budgets.close_budget"),
            "can_vire": budget.status == BudgetStatus.APPROVED and user.has_perm("budgets.add_virement"),
            "can_export": user.has_perm("budgets.export_budget"),
            "can_roll": user.has_perm("budgets.add_budget"),
        }


class BudgetFormPage(ServiceFormView):
    """A form about one budget (pk in the URL), looked up after the permission check."""

    template_name = "budgets/form.html"
    heading = ""
    submit_label = "Save"

    @cached_property
    def budget(self):
        return get_object_or_404(selectors.budget_list(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "budget": self.budget,
            "heading": self.heading,
            "submit_label": self.submit_label,
            "cancel_url": self.budget.get_absolute_url(),
        }

    def get_success_url(self):
        return self.budget.get_absolute_url()


class BudgetCreateView(ServiceFormView):
    permission_required = "budgets.add_budget"
    form_class = BudgetForm
    template_name = "budgets/form.html"
    success_message = "{object} was created as a draft."

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "heading": "Set a budget",
            "submit_label": "Create draft budget",
            "cancel_url": reverse("budgets:budget_list"),
        }

    def run_service(self, form):
        user = self.request.user
        if not user.organisation_id:
            raise DomainError("Only an officer of an organisation can set its budget.")
        return services.budget_create(organisation=user.organisation, **form.cleaned_data)


class BudgetUpdateView(BudgetFormPage):
    permission_required = "budgets.change_budget"
    form_class = BudgetForm
    heading = "Change the budget's details"
    success_message = "The budget was updated."

    def get_initial(self):
        b = self.budget
        return {
            "year": b.year,
            "name": b.name,
            "total": b.total,
            "accountable_body": b.accountable_body,
            "note": b.note,
        }

    def run_service(self, form):
        return services.budget_update(budget=self.budget, **form.cleaned_data)


class ContributionAddView(BudgetFormPage):
    permission_required = "budgets.add_fundingcontribution"
    form_class = ContributionForm
    heading = "Add a funding contribution"
    success_message = "The contribution was added."

    def run_service(self, form):
        return services.contribution_add(budget=self.budget, **form.cleaned_data)


class GroupAddView(BudgetFormPage):
    permission_required = "budgets.add_allocationgroup"
    form_class = GroupForm
    heading = "Add a group of lines sharing one amount"
    success_message = "The group was added."

    def run_service(self, form):
        return services.group_save(budget=self.budget, **form.cleaned_data)


class AllocationAddView(BudgetFormPage):
    permission_required = "budgets.add_allocation"
    form_class = AllocationForm
    heading = "Add a line"
    success_message = "The line was added."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"budget": self.budget}

    def run_service(self, form):
        return services.allocation_save(budget=self.budget, **form.cleaned_data)


class AllocationUpdateView(BudgetFormPage):
    permission_required = "budgets.change_allocation"
    form_class = AllocationForm
    heading = "Change a line"
    success_message = "The line was updated."

    @cached_property
    def allocation(self):
        return get_object_or_404(
            Allocation.objects.visible_to(self.request.user).select_related("budget"), pk=self.kwargs["pk"]
        )

    @cached_property
    def budget(self):
        return self.allocation.budget

    def get_initial(self):
        a = self.allocation
        return {
            "description": a.description,
            "service_line": a.service_line_id,
            "delivery_method": a.delivery_method_id,
            "funding_stream": a.funding_stream_id,
            "amount": a.amount,
            "group": a.group_id,
            "note": a.note,
        }

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"budget": self.budget}

    def run_service(self, form):
        return services.allocation_save(budget=self.budget, allocation=self.allocation, **form.cleaned_data)


class VirementAddView(BudgetFormPage):
    permission_required = "budgets.add_virement"
    form_class = VirementForm
    heading = "Record a virement"
    success_message = "The virement was recorded."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"budget": self.budget}

    def run_service(self, form):
        return services.virement_make(budget=self.budget, user=self.request.user, **form.cleaned_data)


class EfficiencyAddView(BudgetFormPage):
    permission_required = "budgets.add_efficiency"
    form_class = EfficiencyForm
    heading = "Record a saving or efficiency"
    success_message = "The efficiency was recorded."

    def run_service(self, form):
        return services.efficiency_add(budget=self.budget, **form.cleaned_data)


class SpendRecordView(BudgetFormPage):
    """Record what was spent on a line in a month (from "Record spend" on the budget page: the form
    lists every line, which a 500-line budget page would pay for on every view)."""

    permission_required = "budgets.add_spend"
    form_class = SpendForm
    heading = "Record spend"
    submit_label = "Record spend"
    success_message = "{object} was recorded."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"budget": self.budget}

    def run_service(self, form):
        return services.spend_record(user=self.request.user, **form.cleaned_data)


class SpendImportCreateView(BudgetFormPage):
    """Upload spend (CSV or XLSX): the dry run checks every row first and records nothing."""

    permission_required = "budgets.add_spendimport"
    form_class = SpendImportForm
    template_name = "budgets/spendimport_form.html"
    heading = "Import spend"
    submit_label = "Check the file"
    success_message = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"recent": self.budget.spend_imports.all()[:5]}

    def run_service(self, form):
        upload = form.cleaned_data["file"]
        return spend_import_check(
            user=self.request.user, budget=self.budget, filename=upload.name, content=upload.read()
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class SpendImportDetailView(RoleDetailView):
    """The dry run's result: every error by row and column, or the rows ready to import."""

    permission_required = "budgets.view_spendimport"
    template_name = "budgets/spendimport_detail.html"

    def get_queryset(self):
        return SpendImport.objects.visible_to(self.request.user).select_related("budget")


class SpendImportConfirmView(RolePermissionMixin, View):
    """POST: record every row, all or nothing."""

    permission_required = "budgets.add_spendimport"

    def get(self, request, pk):
        return redirect(get_object_or_404(SpendImport.objects.visible_to(request.user), pk=pk))

    def post(self, request, pk):
        spend_import = get_object_or_404(SpendImport.objects.visible_to(request.user), pk=pk)
        try:
            done = spend_import_confirm(user=request.user, spend_import=spend_import)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(spend_import.get_absolute_url())
        messages.success(request, f"{done.imported_count} spend figures were imported.")
        return redirect(spend_import.budget.get_absolute_url())


class BudgetApproveView(BudgetFormPage):
    permission_required = "budgets.approve_budget"
    form_class = ConfirmForm
    heading = "Approve the budget"
    submit_label = "Approve"
    success_message = "The budget was approved."

    def run_service(self, form):
        return services.budget_approve(budget=self.budget, user=self.request.user)


class BudgetCloseView(BudgetFormPage):
    permission_required = "budgets.close_budget"
    form_class = ConfirmForm
    heading = "Close the budget"
    submit_label = "Close"
    success_message = "The budget was closed."

    def run_service(self, form):
        return services.budget_close(budget=self.budget, user=self.request.user)


class BudgetRollForwardView(BudgetFormPage):
    permission_required = "budgets.add_budget"
    form_class = ConfirmForm
    heading = "Copy into next year as a draft"
    submit_label = "Copy into next year"
    success_message = "{object} was created as a draft from last year's structure."

    def run_service(self, form):
        return services.budget_roll_forward(budget=self.budget, user=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class BudgetExportView(RolePermissionMixin, ListView):
    """The breakdown as CSV (COPY on PostgreSQL) or XLSX with a totals row, £ formats and a sheet
    per view (breakdown, by service line, savings)."""

    permission_required = "budgets.export_budget"

    def get(self, request, *args, **kwargs):
        budget = get_object_or_404(selectors.budget_list(request.user), pk=kwargs["pk"])
        chosen = export_format(request)
        filename = f"budget-{budget.pk}-{budget.year}-{str(budget.year + 1)[-2:]}"
        if chosen == "xlsx":
            return breakdown_xlsx(budget, f"{filename}.xlsx")
        return breakdown_csv(budget, f"{filename}.csv")


def breakdown_csv(budget, filename):
    """The lines through COPY (the Python writer on SQLite), then the rows after them."""
    columns = breakdown_columns(budget)
    committed, unmatched = line_commitments(budget)
    after = breakdown_totals(budget, committed, unmatched)
    tail = (
        csv_line(
            column.as_text(value) for column, value in zip(columns, totals_as_row(row, budget.year_label), strict=True)
        ).encode()
        for row in after
    )
    return csv_download(filename, chain(csv_pieces(breakdown_queryset(budget, committed), columns), tail))


def breakdown_xlsx(budget, filename):
    columns = breakdown_columns(budget)
    committed, unmatched = line_commitments(budget)
    after = breakdown_totals(budget, committed, unmatched)
    values = breakdown_queryset(budget, committed).values_list(*BREAKDOWN_FIELDS, "note")
    lines = ((*v[:-1], budget.year_label, v[-1]) for v in values.iterator(chunk_size=2000))
    tail = (totals_as_row(row, budget.year_label) for row in after)
    by_line_header = [
        Column("Service line", ""),
        Column("Allocated", "", Kind.MONEY),
        Column("Committed", "", Kind.MONEY),
        Column("Spent", "", Kind.MONEY),
    ]
    by_line_rows = by_service_line(budget, committed)
    savings_header = [
        Column("Item", ""),
        Column("Current cost", "", Kind.MONEY),
        Column("Proposed cost", "", Kind.MONEY),
        Column("Difference", "", Kind.MONEY),
        Column("Reinvested in", ""),
    ]
    savings_rows = budget.efficiencies.values_list(
        "description", "current_cost", "proposed_cost", "difference", "reinvested_in"
    )
    return xlsx_sheets_response(
        filename,
        [
            ("Breakdown", columns, chain(lines, tail)),
            ("By service line", by_line_header, by_line_rows),
            ("Savings", savings_header, savings_rows),
        ],
    )
