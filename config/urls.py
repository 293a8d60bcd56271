from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from accounts.api.views import TokenObtainView
from accounts.views import HomeView
from common.views import healthz

api_patterns = [
    path("auth/token/", TokenObtainView.as_view(), name="token_obtain"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("accounts.api.urls")),
    path("", include("carers.api.urls")),
    path("", include("carers.kpis.api.urls")),
    path("", include("carers.grants.api.urls")),
    path("", include("carers.directory.api.urls")),
    path("", include("commissioning.api.urls")),
    path("", include("budgets.api.urls")),
    path("", include("brokerage.api.urls")),
    path("", include("consultations.api.urls")),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("carers/", include("carers.urls")),
    path("budgets/", include("budgets.urls")),
    path("consultations/", include("consultations.urls")),
    path("notifications/", include("reminders.urls")),
    path("commissioning/", include("commissioning.urls")),
    path("brokerage/", include("brokerage.urls")),
    path("api/", include((api_patterns, "api"))),
    path("django-admin/", admin.site.urls),
]

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
