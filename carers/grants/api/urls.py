"""The breaks, grants and vouchers API router, included from config/urls.py. Basenames are one word
each so that the access matrix (tests/access.py) finds a sample row for each."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from carers.grants.api.views import GrantSpendView, GrantViewSet, VoucherRedemptionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("grants", GrantViewSet, basename="grant")
router.register("voucher-redemptions", VoucherRedemptionViewSet, basename="redemption")

urlpatterns = [
    path("grant-spend/", GrantSpendView.as_view(), name="grant-spend"),
    *router.urls,
]
