"""API for carer KPIs: indicators, yearly targets, area estimates (read: anyone holding aggregated
carer statistics; write: the model permissions), and the read-only KPI summary."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Area
from carers.kpis import selectors, services
from carers.kpis.api.serializers import (
    AreaEstimateSerializer,
    KpiIndicatorSerializer,
    KpiTargetSerializer,
    kpi_summary_json,
)
from carers.kpis.filters import AreaEstimateFilterSet, KpiIndicatorFilterSet, KpiTargetFilterSet
from carers.kpis.forms import CarerProfileFilterForm, KpiFilterForm
from carers.kpis.profile import carer_profile
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from common.api.permissions import RoleModelPermissions

STATISTICS = "carers.view_carer_statistics"


class StatisticsReadPermission(RoleModelPermissions):
    """Reading needs carers.view_carer_statistics (aggregated figures); writing the model permission."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(STATISTICS))
        return super().has_permission(request, view)


def _scoped(request, queryset):
    """Every council's rows to read; writes only to the user's own council's (another council's
    row is a 404): the models' visible_to (carers.querysets.CouncilFiguresQuerySet)."""
    return queryset.visible_to(request.user, "view" if request.method in SAFE_METHODS else "change")


class KpiIndicatorViewSet(viewsets.ModelViewSet):
    """Indicators a council follows against yearly targets, with their targets. Writes are for
    commissioners of the indicator's council."""

    queryset = KpiIndicator.objects.none()  # for the schema; get_queryset() serves requests
    serializer_class = KpiIndicatorSerializer
    filterset_class = KpiIndicatorFilterSet
    permission_classes = [StatisticsReadPermission]
    ordering_fields = ["name", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.kpi_indicator_list().prefetch_related("targets").order_by("-id")
        return _scoped(self.request, qs)

    def perform_create(self, serializer):
        serializer.instance = services.kpi_indicator_save(
            organisation=self.request.user.organisation, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.kpi_indicator_save(indicator=serializer.instance, **serializer.validated_data)


class KpiTargetViewSet(viewsets.ModelViewSet):
    """Yearly targets (and entered actuals) of indicators. POST sets the year's target, replacing any
    earlier one; a percentage indicator's targets are between 0 and 100."""

    queryset = KpiTarget.objects.none()  # for the schema; get_queryset() serves requests
    serializer_class = KpiTargetSerializer
    filterset_class = KpiTargetFilterSet
    permission_classes = [StatisticsReadPermission]
    ordering_fields = ["year", "id"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = selectors.kpi_target_list().order_by("-id")
        return _scoped(self.request, qs)

    def perform_create(self, serializer):
        indicator = serializer.validated_data["indicator"]
        if not KpiIndicator.objects.visible_to(self.request.user, "change").filter(pk=indicator.pk).exists():
            raise NotFound("No such indicator in your council.")
        data = dict(serializer.validated_data)
        serializer.instance = services.kpi_target_set(**data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("indicator", None)
        serializer.instance = services.kpi_target_update(target=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.kpi_target_delete(target=instance)


class AreaEstimateViewSet(viewsets.ModelViewSet):
    """Estimated carer population per area and financial year, with the target trajectory (baseline
    known and the increase in percentage points a year). POST replaces an area's figure for that year."""

    queryset = AreaEstimate.objects.none()  # for the schema; get_queryset() serves requests
    serializer_class = AreaEstimateSerializer
    filterset_class = AreaEstimateFilterSet
    permission_classes = [StatisticsReadPermission]
    ordering_fields = ["year", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.area_estimate_list().order_by("-id")
        return _scoped(self.request, qs)

    def perform_create(self, serializer):
        area = serializer.validated_data["area"]
        if not Area.objects.visible_to(self.request.user, "change").filter(pk=area.pk).exists():
            raise NotFound("No such area in your council.")
        serializer.instance = services.area_estimate_set(**serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("area", None)
        data.pop("year", None)
        serializer.instance = services.area_estimate_update(estimate=serializer.instance, **data)


class KpiSummaryView(APIView):
    """The carer KPI page's figures as JSON: aggregated only, never a person's record.

    Query parameters: `organisation` (a council; default the user's), `year` (the financial year's
    first year, e.g. 2007 for 2007/08; default the latest with estimates), `area` (optional)."""

    required_permissions = [STATISTICS]

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", int),
            OpenApiParameter("year", int),
            OpenApiParameter("area", int),
        ],
        responses={200: dict},
    )
    def get(self, request):
        form = KpiFilterForm(request.query_params or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise ValidationError(
                form.errors.get_json_data()
                and {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
            )
        values = form.values()
        if values["organisation"] is None:
            return Response({"message": "No council to report on.", "errors": {}}, status=404)
        return Response(kpi_summary_json(selectors.kpi_summary_cached(**values)))


class CarerProfileView(APIView):
    """Carers by age band as at a date and by each equality monitoring field: aggregated only,
    counts from 1 to 4 suppressed (null, shown as "<5"), with a second cell suppressed where one
    alone could be worked out from the total.

    Query parameters: `organisation` (a council; default the user's), `area` (optional; includes
    every area within it), `on` (ISO date the ages are counted at; default today), `bands` (the
    ages each band starts at, comma-separated; default 18,25,35,45,55,65,75,85)."""

    required_permissions = [STATISTICS]

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", int),
            OpenApiParameter("area", int),
            OpenApiParameter("on", OpenApiTypes.DATE),
            OpenApiParameter("bands", str),
        ],
        responses={200: dict},
    )
    def get(self, request):
        form = CarerProfileFilterForm(request.query_params or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise ValidationError(
                {name: [e["message"] for e in errors] for name, errors in form.errors.get_json_data().items()}
            )
        values = form.profile_values()
        if values["organisation"] is None:
            return Response({"message": "No council to report on.", "errors": {}}, status=404)
        return Response(carer_profile(**values).as_dict())
