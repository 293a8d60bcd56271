"""The contracts register's API router, included from config/urls.py. Basenames are one word so
that the access matrix (tests/access.py) finds a sample row for each."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api.ocds_views import OcdsReleaseView
from commissioning.api.plan_views import PlanTemplateViewSet, ProcurementPlanViewSet
from commissioning.api.procurement_views import (
    AgreedScoreViewSet,
    BidViewSet,
    CriterionViewSet,
    LotViewSet,
    ProcurementViewSet,
    RiskViewSet,
    ScoreViewSet,
)
from commissioning.api.views import (
    AccreditationViewSet,
    AmendmentViewSet,
    ContractViewSet,
    KpiReturnViewSet,
    KpiViewSet,
    ProviderViewSet,
    ThresholdViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contracts", ContractViewSet, basename="contract")
router.register("contract-amendments", AmendmentViewSet, basename="amendment")
router.register("contract-kpis", KpiViewSet, basename="contractkpi")
router.register("contract-kpi-returns", KpiReturnViewSet, basename="kpireturn")
router.register("providers", ProviderViewSet, basename="provider")
router.register("accreditations", AccreditationViewSet, basename="accreditation")
router.register("decision-thresholds", ThresholdViewSet, basename="threshold")
router.register("procurements", ProcurementViewSet, basename="procurement")
router.register("lots", LotViewSet, basename="lot")
router.register("tender-bids", BidViewSet, basename="bid")
router.register("award-criteria", CriterionViewSet, basename="criterion")
router.register("scores", ScoreViewSet, basename="score")
router.register("agreed-scores", AgreedScoreViewSet, basename="agreedscore")
router.register("risks", RiskViewSet, basename="risk")
router.register("plan-templates", PlanTemplateViewSet, basename="plantemplate")
router.register("procurement-plans", ProcurementPlanViewSet, basename="procurementplan")

urlpatterns = [
    path("ocds/releases/", OcdsReleaseView.as_view(), name="ocds-releases"),
    *router.urls,
]
