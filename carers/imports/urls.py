from django.urls import path

from carers.imports import views

# Included from carers/urls.py under the "carers" namespace.
urlpatterns = [
    path("", views.CarerImportListView.as_view(), name="import_list"),
    path("new/", views.CarerImportCreateView.as_view(), name="import_create"),
    path("<int:pk>/", views.CarerImportDetailView.as_view(), name="import_detail"),
    path("<int:pk>/confirm/", views.CarerImportConfirmView.as_view(), name="import_confirm"),
    path("<int:pk>/progress/", views.CarerImportProgressView.as_view(), name="import_progress"),
    path("<int:pk>/errors.csv", views.CarerImportErrorsView.as_view(), name="import_errors"),
]
