from django.urls import path

from carers.directory import views

# Included from carers/urls.py under the "carers" namespace.
urlpatterns = [
    path("", views.DirectoryListView.as_view(), name="directory_list"),
    path("search/", views.DirectorySearchView.as_view(), name="directory_search"),
    path("new/", views.DirectoryCreateView.as_view(), name="directory_create"),
    path("information-given/", views.InformationGivenRecordView.as_view(), name="directory_record_given"),
    path("<int:pk>/", views.DirectoryDetailView.as_view(), name="directory_detail"),
    path("<int:pk>/edit/", views.DirectoryUpdateView.as_view(), name="directory_update"),
]
