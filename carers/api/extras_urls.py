"""The API router for the carers extras (KPIs, grants and vouchers, directory), included from
config/urls.py next to the carers core API."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

urlpatterns = router.urls
