from django.urls import path

from carers.kpis import views

# Included from carers/urls.py under the "carers" namespace.
urlpatterns = [
    path("", views.KpiPageView.as_view(), name="kpis"),
    path("profile/", views.CarerProfileView.as_view(), name="kpi_profile"),
    path("indicators/", views.KpiIndicatorListView.as_view(), name="kpi_list"),
    path("indicators/new/", views.KpiIndicatorCreateView.as_view(), name="kpi_create"),
    path("indicators/<int:pk>/", views.KpiIndicatorDetailView.as_view(), name="kpi_detail"),
    path("indicators/<int:pk>/edit/", views.KpiIndicatorUpdateView.as_view(), name="kpi_update"),
    path("estimates/", views.AreaEstimateListView.as_view(), name="kpi_estimates"),
    path("estimates/set/", views.AreaEstimateSetView.as_view(), name="kpi_estimate_set"),
]
