"""The brokerage API router, included from config/urls.py. Basenames are one word each (the access
matrix finds a sample row by that word)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from brokerage.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("ras-bands", views.RasBandViewSet, basename="rasband")
router.register("personal-budgets", views.PersonalBudgetViewSet, basename="personalbudget")
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("framework-applications", views.ApplicationViewSet, basename="providerapplication")
router.register("call-offs", views.CallOffViewSet, basename="calloff")
router.register("call-off-bids", views.BidViewSet, basename="calloffbid")
router.register("care-packages", views.CarePackageViewSet, basename="carepackage")
router.register("package-costs", views.PackageCostViewSet, basename="packagecost")
router.register("package-reviews", views.PackageReviewViewSet, basename="packagereview")
router.register("provider-returns", views.ProviderReturnViewSet, basename="providerreturn")
router.register("transfer-plans", views.TransferPlanViewSet, basename="transferplan")
router.register("package-transfers", views.PackageTransferViewSet, basename="packagetransfer")

urlpatterns = [
    path("brokerage-monitoring/", views.MonitoringView.as_view(), name="brokerage-monitoring"),
    path("package-review-outcomes/", views.ReviewSummaryView.as_view(), name="package-review-outcomes"),
    *router.urls,
]
