"""The API router for the carers extras (KPIs, grants and vouchers, directory), included from
config/urls.py next to the carers core API. Basenames are one word each so that the access matrix
(tests/access.py) finds a sample row for each."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from carers.directory.api import DirectoryEntryViewSet, InformationGivenViewSet
from carers.grants.api import GrantSpendView, GrantViewSet, VoucherRedemptionViewSet
from carers.kpis.api import (
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
router.register("grants", GrantViewSet, basename="grant")
router.register("voucher-redemptions", VoucherRedemptionViewSet, basename="redemption")
router.register("directory-entries", DirectoryEntryViewSet, basename="directory")
# Not "information-…": the access matrix skips routes whose regex contains "format".
router.register("signposting-records", InformationGivenViewSet, basename="signposting")

urlpatterns = [
    path("kpi-summary/", KpiSummaryView.as_view(), name="kpi-summary"),
    path("carer-profile/", CarerProfileView.as_view(), name="carer-profile"),
    path("grant-spend/", GrantSpendView.as_view(), name="grant-spend"),
    *router.urls,
]
