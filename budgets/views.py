"""Pages of the budgets app: thin views over budgets.selectors and budgets.services."""

from itertools import chain

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import ListView

from budgets import selectors, services
from budgets.choices import BudgetStatus
from budgets.exports import breakdown_columns, breakdown_queryset
from budgets.forms import (
    AllocationForm,
    BudgetForm,
    ConfirmForm,
    ContributionForm,
    EfficiencyForm,
    GroupForm,
    VirementForm,
)
from budgets.models import Allocation
from common.errors import DomainError
from common.exports import export_format, export_response, xlsx_response
from common.views import RoleDetailView, RolePermissionMixin, ServiceFormView


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
        by_line = selectors.allocation_by_service_line(budget)
        return super().get_context_data(**kwargs) | {
            "by_service_line": by_line,
            "charts": selectors.chart_data(by_line),
            "totals": selectors.budget_totals(budget),
            "lines": list(selectors.allocation_rows(budget)),
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
    """The breakdown as CSV (COPY on PostgreSQL) or XLSX with a totals row and £ formats."""

    permission_required = "budgets.export_budget"

    def get(self, request, *args, **kwargs):
        budget = get_object_or_404(selectors.budget_list(request.user), pk=kwargs["pk"])
        chosen = export_format(request)
        columns = breakdown_columns(budget)
        filename = f"budget-{budget.pk}-{budget.year}-{str(budget.year + 1)[-2:]}"
        if chosen == "xlsx":
            return breakdown_xlsx(budget, columns, filename)
        return export_response(breakdown_queryset(budget), columns, filename=filename, format="csv")


def breakdown_xlsx(budget, columns, filename):
    totals = selectors.budget_totals(budget)
    values = breakdown_queryset(budget).values_list(
        "description",
        "service_line__name",
        "delivery_method__name",
        "funding_stream__name",
        "group__name",
        "allocated",
        "note",
    )
    rows = ((d, s, m, f, g, a, budget.year_label, n) for d, s, m, f, g, a, n in values.iterator(chunk_size=2000))
    total_row = [("Total", None, None, None, None, totals.allocated, budget.year_label, None)]
    return xlsx_response(f"{filename}.xlsx", columns, chain(rows, total_row), sheet_title="Breakdown")
