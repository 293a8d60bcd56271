"""Pages for carer KPIs: the KPI page (aggregated figures only), indicators and their yearly
targets, and area estimates of the carer population."""

from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from accounts.models import Area
from carers.kpis import selectors, services
from carers.kpis.filters import AreaEstimateFilterSet, KpiIndicatorFilterSet
from carers.kpis.forms import (
    AreaEstimateForm,
    CarerProfileFilterForm,
    KpiFilterForm,
    KpiIndicatorForm,
    KpiTargetFormSet,
)
from carers.kpis.profile import carer_profile
from carers.kpis.tables import AreaEstimateTable, KpiIndicatorTable
from carers.models import AreaEstimate, KpiIndicator
from common.views import RoleDetailView, RoleListView, RolePermissionMixin, ServiceFormView, apply_errors
from common.years import fy_label

STATISTICS = "carers.view_carer_statistics"


class KpiPageView(RolePermissionMixin, TemplateView):
    """The carer KPI page: known vs estimated carers, trajectory, assessments, NI135, new carers."""

    permission_required = STATISTICS
    template_name = "carers/kpis/kpis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = KpiFilterForm(self.request.GET or None, user=self.request.user)
        values = form.values()
        context["filter_form"] = form
        context["summary"] = summary = selectors.kpi_summary_cached(**values) if values["organisation"] else None
        if summary is not None:
            context["charts"] = _chart_data(summary)
        context["can_manage"] = self.request.user.has_perm("carers.change_kpiindicator")
        return context


class CarerProfileView(RolePermissionMixin, TemplateView):
    """Carers by age band as at a chosen date, and by sex, ethnicity, disability and the other
    monitoring fields, for a council or an area; small numbers suppressed (carers.kpis.profile)."""

    permission_required = STATISTICS
    template_name = "carers/kpis/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CarerProfileFilterForm(self.request.GET or None, user=self.request.user)
        values = form.profile_values()
        context["filter_form"] = form
        context["profile"] = carer_profile(**values) if values["organisation"] else None
        return context


def _chart_data(summary) -> dict:
    """What static/js/kpi-charts.js draws; numbers only (decimals as floats are fine for drawing —
    the tables beside the charts show the exact figures)."""

    def num(value):
        return float(value) if value is not None else None

    return {
        "known": {
            "labels": [str(row.area) for row in summary.known_rows],
            # One series per column of the table beside the chart, with the same numbers (a bar
            # once drew the larger of two columns, 9,000, beside "0 known on the register").
            "series": [
                {
                    "label": "Estimated carers",
                    "data": [row.estimate.estimated_carers if row.estimate else None for row in summary.known_rows],
                },
                {"label": "Known on the register", "data": [row.known for row in summary.known_rows]},
                {"label": "Known (reported)", "data": [row.reported for row in summary.known_rows]},
            ],
        },
        "trajectories": [
            {
                "title": f"Share of carers known: {trajectory.estimate.area}",
                "labels": [summary.label] + [p.label for p in trajectory.points],
                "series": [
                    {
                        "label": "Target (%)",
                        "data": [num(trajectory.baseline_share)] + [num(p.target_share) for p in trajectory.points],
                    },
                    {
                        "label": "Actual (%)",
                        "data": [num(trajectory.baseline_share)] + [num(p.actual_share) for p in trajectory.points],
                    },
                ],
                "type": "line",
            }
            for trajectory in summary.trajectories
        ],
        "assessments": {
            "labels": [row["label"] for row in summary.assessments],
            "series": [
                {"label": "Separately", "data": [row["separate"] for row in summary.assessments]},
                {"label": "Jointly", "data": [row["joint"] for row in summary.assessments]},
                {"label": "Declined", "data": [row["declined"] for row in summary.assessments]},
            ],
            "stacked": True,
        },
        "ni135": {
            "labels": [row["label"] for row in summary.ni135],
            "series": [
                {"label": "NI135 actual (%)", "data": [num(row["value"]) for row in summary.ni135]},
                {"label": "Stretch target (%)", "data": [num(row["target"]) for row in summary.ni135]},
            ],
            "type": "line",
        },
        "new_carers": {
            "labels": [row["label"] for row in summary.new_by_month],
            "series": [
                {"label": label, "data": [row["counts"][index] for row in summary.new_by_month]}
                for index, (_, label) in enumerate(summary.sources)
            ],
            "stacked": True,
        },
    }


# --- Indicators -------------------------------------------------------------------------------
class KpiIndicatorListView(RoleListView):
    permission_required = STATISTICS
    filterset_class = KpiIndicatorFilterSet
    table_class = KpiIndicatorTable
    template_name = "carers/kpis/kpiindicator_list.html"
    create_url_name = "carers:kpi_create"
    create_permission = "carers.add_kpiindicator"

    def get_queryset(self):
        return selectors.kpi_indicator_list().order_by("name", "id")


class KpiIndicatorDetailView(RoleDetailView):
    permission_required = STATISTICS
    change_permission = "carers.change_kpiindicator"
    template_name = "carers/kpis/kpiindicator_detail.html"

    def get_queryset(self):
        return selectors.kpi_indicator_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = [
            {"label": fy_label(t.year), "target": t.target, "actual": t.actual, "note": t.note}
            for t in self.object.targets.order_by("year")
        ]
        context["chart"] = {
            "labels": [row["label"] for row in context["targets"]],
            "series": [
                {"label": "Target", "data": [_float(row["target"]) for row in context["targets"]]},
                {"label": "Actual", "data": [_float(row["actual"]) for row in context["targets"]]},
            ],
            "type": "line",
        }
        context["can_change"] = (
            context["can_change"]
            and KpiIndicator.objects.visible_to(self.request.user, "change").filter(pk=self.object.pk).exists()
        )
        return context


def _float(value):
    return float(value) if value is not None else None


class KpiIndicatorEditView(ServiceFormView):
    """Create or change an indicator with its yearly targets on one page (saved all or nothing)."""

    form_class = KpiIndicatorForm
    template_name = "carers/kpis/kpiindicator_form.html"
    success_message = "{object} was saved."

    def get_indicator(self) -> KpiIndicator | None:
        return None

    @cached_property
    def indicator(self) -> KpiIndicator | None:
        return self.get_indicator()

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.indicator}

    @cached_property
    def formset(self):
        initial = []
        if self.indicator is not None:
            initial = [
                {"year": t.year, "target": t.target, "actual": t.actual, "note": t.note}
                for t in self.indicator.targets.order_by("year")
            ]
        data = self.request.POST if self.request.method == "POST" else None
        return KpiTargetFormSet(data, initial=initial, prefix="targets")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"object": self.indicator, "formset": self.formset}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid() and self.formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def run_service(self, form):
        self.target_forms = [row for row in self.formset.forms if row.has_changed() and row.cleaned_data]
        return services.kpi_indicator_save_with_targets(
            indicator=self.indicator,
            organisation=self.request.user.organisation,
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            rows=[row.cleaned_data for row in self.target_forms],
        )

    def service_failed(self, form, exc) -> None:
        if isinstance(exc, services.TargetRowErrors):
            for index, error in exc.rows.items():
                apply_errors(self.target_forms[index], error)
            return
        super().service_failed(form, exc)


class KpiIndicatorCreateView(KpiIndicatorEditView):
    permission_required = (STATISTICS, "carers.add_kpiindicator")


class KpiIndicatorUpdateView(KpiIndicatorEditView):
    permission_required = (STATISTICS, "carers.change_kpiindicator")

    def get_indicator(self) -> KpiIndicator:
        # Another council's indicator is outside the scope to change: a 404, as a missing one.
        return get_object_or_404(KpiIndicator.objects.visible_to(self.request.user, "change"), pk=self.kwargs["pk"])


# --- Area estimates ---------------------------------------------------------------------------
class AreaEstimateListView(RoleListView):
    permission_required = STATISTICS
    filterset_class = AreaEstimateFilterSet
    table_class = AreaEstimateTable
    template_name = "carers/kpis/areaestimate_list.html"
    create_url_name = "carers:kpi_estimate_set"
    create_permission = "carers.add_areaestimate"

    def get_queryset(self):
        return selectors.area_estimate_list().order_by("-year", "area__name")


class AreaEstimateSetView(ServiceFormView):
    """Enter (or correct) an area's estimated carer population for a year."""

    permission_required = (STATISTICS, "carers.add_areaestimate", "carers.change_areaestimate")
    form_class = AreaEstimateForm
    template_name = "carers/kpis/areaestimate_form.html"
    success_message = "Saved: {object}."
    success_url = reverse_lazy("carers:kpi_estimates")

    def _areas(self):
        return Area.objects.visible_to(self.request.user, "change")  # the user's own council's areas

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["area"].queryset = self._areas()
        return form

    def get_initial(self):
        area, year = self.request.GET.get("area"), self.request.GET.get("year")
        if area and year and area.isdigit() and year.isdigit():
            estimate = AreaEstimate.objects.filter(area_id=area, year=year, area__in=self._areas()).first()
            if estimate is not None:
                return {name: getattr(estimate, name) for name in AreaEstimateForm.Meta.fields if name != "area"} | {
                    "area": estimate.area_id
                }
        return {}

    def run_service(self, form):
        return services.area_estimate_set(**form.cleaned_data)
