"""The carer KPI API router, included from config/urls.py next to the carers core API. Basenames are
one word each so that the access matrix (tests/access.py) finds a sample row for each."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from carers.kpis.api.views import (
    AreaEstimateViewSet,
    CarerProfileView,
    KpiIndicatorViewSet,
    KpiSummaryView,
    KpiTargetViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("kpi-indicators", KpiIndicatorViewSet, basename="kpi")
router.register("kpi-targets", KpiTargetViewSet, basename="kpitarget")
router.register("area-estimates", AreaEstimateViewSet, basename="areaestimate")

urlpatterns = [
    path("kpi-summary/", KpiSummaryView.as_view(), name="kpi-summary"),
    path("carer-profile/", CarerProfileView.as_view(), name="carer-profile"),
    *router.urls,
]
