"""Pages of the contracts register: the register (filters, sort, export, chart, calendar), a
contract with its amendments, KPIs and history, the forms that create, edit, extend, amend and
review it, the Procurement Act notices, providers and the scheme of delegation's thresholds."""

from datetime import UTC, datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView, View

from commissioning import selectors
from commissioning.exports import CONTRACT_EXPORT_COLUMNS
from commissioning.filters import ContractFilterSet, NoticeFilterSet, ProviderFilterSet
from commissioning.forms import (
    AccreditationForm,
    AmendForm,
    ContractForm,
    ExtendForm,
    KpiForm,
    KpiReturnForm,
    NoticePublishForm,
    ProviderProfileForm,
    ReviewForm,
    ThresholdForm,
)
from commissioning.models import ContractAmendment, ContractKpi, DecisionThreshold
from commissioning.querysets import CHANGE
from commissioning.services import contracts as contract_services
from commissioning.services import kpis as kpi_services
from commissioning.services import providers as provider_services
from commissioning.services.thresholds import threshold_for, threshold_save
from commissioning.tables import ContractTable, NoticeTable, ProviderTable
from common.exports import export_format, export_response
from common.views import (
    RoleCreateView,
    RoleDetailView,
    RoleListView,
    RolePermissionMixin,
    RoleUpdateView,
    ServiceFormView,
)
from consultations import selectors as consultation_selectors


class ContractListView(RoleListView):
    """The register: filtered, sorted by any column, exported as CSV or XLSX."""

    permission_required = "commissioning.view_contract"
    filterset_class = ContractFilterSet
    table_class = ContractTable
    template_name = "commissioning/contract_list.html"
    create_url_name = "commissioning:contract_create"
    create_permission = "commissioning.add_contract"

    def get_queryset(self):
        queryset = selectors.contract_list(self.request.user).order_by("current_end", "id")
        if self.request.user.has_perm("commissioning.add_procurement"):
            queryset = selectors.with_reprocurement(queryset)
        return queryset

    def get_table_kwargs(self):
        # The "Plan the re-procurement" column is for those who start procurements.
        if self.request.user.has_perm("commissioning.add_procurement"):
            return {}
        return {"exclude": ("reprocurement",)}


class ContractExportView(RolePermissionMixin, View):
    """The register as filtered, every row, as CSV (PostgreSQL's COPY) or XLSX."""

    permission_required = "commissioning.view_contract"

    def get(self, request):
        chosen = export_format(request)
        filterset = ContractFilterSet(
            request.GET, queryset=selectors.contract_list(request.user).order_by("current_end", "id"), request=request
        )
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        return export_response(
            queryset, CONTRACT_EXPORT_COLUMNS, filename="contracts", format=chosen, sheet_title="Contracts"
        )


class ContractDetailView(RoleDetailView):
    permission_required = "commissioning.view_contract"
    change_permission = "commissioning.change_contract"
    template_name = "commissioning/contract_detail.html"

    def get_queryset(self):
        return selectors.contract_detail(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = self.object
        user = self.request.user
        accountable = user.is_superuser or contract.accountable_body_id == user.organisation_id
        left = contract.options_left
        next_value = contract.current.annual_value * (left[0] if left else 0) / 12
        context |= {
            "accountable": accountable,
            "can_change": context["can_change"] and accountable,
            "can_extend": accountable and user.has_perm("commissioning.exercise_extension") and bool(left),
            "can_amend": accountable and user.has_perm("commissioning.add_contractamendment"),
            "can_add_kpi": accountable and user.has_perm("commissioning.add_contractkpi"),
            "can_add_return": accountable and user.has_perm("commissioning.add_kpireturn"),
            "kpi_flag": selectors.kpi_flag(contract),
            **selectors.reprocurement_context(user, contract, accountable=accountable),
            "contract_consultations": consultation_selectors.events_informing_contract(user, contract),
            "next_option_threshold": threshold_for(
                organisation_id=contract.accountable_body_id, value=next_value, applies_to="extension"
            )
            if left
            else None,
        }
        return context


class ContractCreateView(RoleCreateView):
    permission_required = "commissioning.add_contract"
    form_class = ContractForm
    template_name = "commissioning/contract_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def run_service(self, form):
        return contract_services.contract_create(user=self.request.user, **form.cleaned_data)


class ContractUpdateView(RoleUpdateView):
    permission_required = "commissioning.change_contract"
    form_class = ContractForm
    template_name = "commissioning/contract_form.html"

    def get_queryset(self):
        return selectors.contract_list(self.request.user).filter(
            pk__in=selectors.Contract.objects.visible_to(self.request.user, CHANGE).values("pk")
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return contract_services.contract_update(user=self.request.user, contract=self.object, **form.cleaned_data)


class _ContractActionView(ServiceFormView):
    """A form about one contract the user's organisation is accountable for (others: 404)."""

    @cached_property
    def contract(self):
        changeable = selectors.Contract.objects.visible_to(self.request.user, CHANGE).values("pk")
        return get_object_or_404(
            selectors.contract_detail(self.request.user).filter(pk__in=changeable), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"contract": self.contract}

    def get_success_url(self):
        return self.contract.get_absolute_url()


class ContractExtendView(_ContractActionView):
    """Exercise the next extension option, with its decision where a threshold needs one."""

    permission_required = "commissioning.exercise_extension"
    form_class = ExtendForm
    template_name = "commissioning/contract_extend.html"
    success_message = "The extension was recorded."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        left = self.contract.options_left
        value = self.contract.current.annual_value * (left[0] if left else 0) / 12
        context["threshold"] = threshold_for(
            organisation_id=self.contract.accountable_body_id, value=value, applies_to="extension"
        )
        return context

    def run_service(self, form):
        return contract_services.contract_extend(user=self.request.user, contract=self.contract, **form.cleaned_data)


class ContractAmendView(_ContractActionView):
    permission_required = "commissioning.add_contractamendment"
    form_class = AmendForm
    template_name = "commissioning/contract_amend.html"
    success_message = "The amendment was recorded."

    def run_service(self, form):
        return contract_services.contract_amend(user=self.request.user, contract=self.contract, **form.cleaned_data)


class ContractReviewView(_ContractActionView):
    """Record a review; the next review date moves on by the contract's schedule."""

    permission_required = "commissioning.change_contract"
    form_class = ReviewForm
    template_name = "commissioning/contract_review.html"
    success_message = "The review was recorded."

    def run_service(self, form):
        return contract_services.contract_review_record(
            user=self.request.user, contract=self.contract, **form.cleaned_data
        )


class ContractKpiCreateView(_ContractActionView):
    permission_required = "commissioning.add_contractkpi"
    form_class = KpiForm
    template_name = "commissioning/contractkpi_form.html"
    success_message = "The KPI was added."

    def run_service(self, form):
        return kpi_services.kpi_save(user=self.request.user, contract=self.contract, **form.cleaned_data)


class KpiReturnCreateView(ServiceFormView):
    """Record a period's return against a KPI (pk is the KPI)."""

    permission_required = "commissioning.add_kpireturn"
    form_class = KpiReturnForm
    template_name = "commissioning/kpireturn_form.html"
    success_message = "The return was recorded."

    @cached_property
    def kpi(self):
        return get_object_or_404(
            ContractKpi.objects.visible_to(self.request.user, CHANGE).select_related("contract"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"kpi": self.kpi}

    def run_service(self, form):
        return kpi_services.kpi_return_record(user=self.request.user, kpi=self.kpi, **form.cleaned_data)

    def get_success_url(self):
        return self.kpi.get_absolute_url()


class NoticeListView(RoleListView):
    """Procurement Act 2023 notices due: amendments whose UK10/UK11 is not yet marked published."""

    permission_required = "commissioning.view_contractamendment"
    table_class = NoticeTable
    filterset_class = NoticeFilterSet
    template_name = "commissioning/notice_list.html"

    def get_queryset(self):
        return selectors.notices_due(self.request.user)


class AmendmentPublishView(ServiceFormView):
    permission_required = "commissioning.change_contractamendment"
    form_class = NoticePublishForm
    template_name = "commissioning/amendment_publish.html"
    success_message = "The notice was marked published."

    @cached_property
    def amendment(self):
        return get_object_or_404(
            ContractAmendment.objects.visible_to(self.request.user, CHANGE).select_related("contract"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"amendment": self.amendment}

    def run_service(self, form):
        return contract_services.amendment_notice_publish(
            user=self.request.user, amendment=self.amendment, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("commissioning:contract_notices")


class ExpiryChartView(RolePermissionMixin, TemplateView):
    """Contract value expiring by quarter over the next three years, with its data table."""

    permission_required = "commissioning.view_contract"
    template_name = "commissioning/contract_chart.html"

    def get_context_data(self, **kwargs):
        quarters = selectors.value_expiring_by_quarter(self.request.user)
        return super().get_context_data(**kwargs) | {"quarters": quarters, "chart_height": len(quarters) * 28}


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class ContractCalendarView(RolePermissionMixin, View):
    """An iCalendar feed of the commissioner's contract ends and decision dates."""

    permission_required = "commissioning.view_contract"

    def get(self, request):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Carers Commissioning//Contracts//EN",
            "CALSCALE:GREGORIAN",
        ]
        host = request.get_host()
        for uid, day, summary, contract in selectors.calendar_events(request.user):
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"SUMMARY:{_ics_text(summary)[:200]}",
                f"URL:{request.build_absolute_uri(contract.get_absolute_url())}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contracts.ics"'
        return response


# --- Providers ---------------------------------------------------------------------------------
class ProviderListView(RoleListView):
    permission_required = "commissioning.view_providerprofile"
    table_class = ProviderTable
    filterset_class = ProviderFilterSet
    template_name = "commissioning/provider_list.html"
    create_url_name = "commissioning:provider_create"
    create_permission = "commissioning.add_providerprofile"

    def get_queryset(self):
        return selectors.provider_list(self.request.user)


class ProviderDetailView(RoleDetailView):
    permission_required = "commissioning.view_providerprofile"
    change_permission = "commissioning.change_providerprofile"
    template_name = "commissioning/provider_detail.html"

    def get_queryset(self):
        return selectors.provider_detail(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("commissioning.view_contract"):
            context["contracts"] = selectors.contract_list(user).filter(provider_id=self.object.organisation_id)
            context["ratings"] = selectors.provider_ratings(user, self.object)
        context["can_accredit"] = user.has_perm("commissioning.add_accreditation")
        return context


class ProviderCreateView(RoleCreateView):
    permission_required = "commissioning.add_providerprofile"
    form_class = ProviderProfileForm
    template_name = "commissioning/provider_form.html"

    def run_service(self, form):
        return provider_services.provider_profile_save(user=self.request.user, **form.cleaned_data)


class ProviderUpdateView(RoleUpdateView):
    permission_required = "commissioning.change_providerprofile"
    form_class = ProviderProfileForm
    template_name = "commissioning/provider_form.html"

    def get_queryset(self):
        return selectors.provider_detail(self.request.user)

    def run_service(self, form):
        return provider_services.provider_profile_save(
            user=self.request.user, organisation=self.object.organisation, **form.cleaned_data
        )


class ProviderAccreditationCreateView(ServiceFormView):
    permission_required = "commissioning.add_accreditation"
    form_class = AccreditationForm
    template_name = "commissioning/accreditation_form.html"
    success_message = "The accreditation was recorded."

    @cached_property
    def provider(self):
        return get_object_or_404(selectors.provider_detail(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"provider": self.provider}

    def run_service(self, form):
        return provider_services.accreditation_save(user=self.request.user, provider=self.provider, **form.cleaned_data)

    def get_success_url(self):
        return self.provider.get_absolute_url()


# --- The scheme of delegation ------------------------------------------------------------------
class ThresholdListView(RolePermissionMixin, ListView):
    permission_required = "commissioning.view_decisionthreshold"
    template_name = "commissioning/threshold_list.html"

    def get_queryset(self):
        user = self.request.user
        queryset = DecisionThreshold.objects.select_related("organisation")
        if not user.is_superuser:
            queryset = queryset.filter(organisation_id=user.organisation_id) | queryset.filter(
                organisation__isnull=True
            )
        return queryset.order_by("organisation__name", "over_value")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "can_create": self.request.user.has_perm("commissioning.add_decisionthreshold")
        }


class ThresholdCreateView(RoleCreateView):
    permission_required = "commissioning.add_decisionthreshold"
    form_class = ThresholdForm
    template_name = "commissioning/threshold_form.html"
    success_url = "/commissioning/thresholds/"

    def run_service(self, form):
        return threshold_save(user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("commissioning:threshold_list")


class ThresholdUpdateView(RoleUpdateView):
    permission_required = "commissioning.change_decisionthreshold"
    form_class = ThresholdForm
    template_name = "commissioning/threshold_form.html"

    def get_queryset(self):
        return DecisionThreshold.objects.filter(organisation_id=self.request.user.organisation_id)

    def run_service(self, form):
        return threshold_save(user=self.request.user, threshold=self.object, **form.cleaned_data)

    def get_success_url(self):
        return reverse("commissioning:threshold_list")


def today():
    return timezone.localdate()


# --- Register import ---------------------------------------------------------------------------
class ContractImportCreateView(ServiceFormView):
    """Upload an existing register (CSV or XLSX): the dry run checks every row first."""

    permission_required = "commissioning.add_contractimport"
    template_name = "commissioning/contractimport_form.html"
    success_message = ""

    def get_context_data(self, **kwargs):
        from commissioning.models import ContractImport

        recent = ContractImport.objects.filter(organisation_id=self.request.user.organisation_id)[:5]
        return super().get_context_data(**kwargs) | {"recent": recent}

    def get_form_class(self):
        from commissioning.forms import ImportForm

        return ImportForm

    def run_service(self, form):
        from commissioning.services.imports import contract_import_check

        upload = form.cleaned_data["file"]
        return contract_import_check(user=self.request.user, filename=upload.name, content=upload.read())


class ContractImportDetailView(RoleDetailView):
    """The dry run's result: every error by row, or the rows ready to import."""

    permission_required = "commissioning.view_contractimport"
    template_name = "commissioning/contractimport_detail.html"

    def get_queryset(self):
        from commissioning.models import ContractImport

        return ContractImport.objects.filter(organisation_id=self.request.user.organisation_id)


class ContractImportConfirmView(RolePermissionMixin, View):
    """POST: import every row, all or nothing."""

    permission_required = "commissioning.add_contractimport"

    def get(self, request, pk):
        from django.shortcuts import redirect

        from commissioning.models import ContractImport

        return redirect(get_object_or_404(ContractImport, pk=pk, organisation_id=request.user.organisation_id))

    def post(self, request, pk):
        from django.contrib import messages
        from django.shortcuts import redirect

        from commissioning.models import ContractImport
        from commissioning.services.imports import contract_import_confirm
        from common.errors import DomainError

        contract_import = get_object_or_404(ContractImport, pk=pk, organisation_id=request.user.organisation_id)
        try:
            done = contract_import_confirm(user=request.user, contract_import=contract_import)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(contract_import.get_absolute_url())
        messages.success(request, f"{done.imported_count} contracts were imported.")
        return redirect(reverse("commissioning:contract_list"))
