from django.urls import path

from carers.grants import views

# Included from carers/urls.py under the "carers" namespace.
urlpatterns = [
    path("", views.GrantListView.as_view(), name="grant_list"),
    path("new/", views.GrantCreateView.as_view(), name="grant_create"),
    path("spend/", views.GrantSpendView.as_view(), name="grant_spend"),
    path("<int:pk>/", views.GrantDetailView.as_view(), name="grant_detail"),
    path("<int:pk>/edit/", views.GrantUpdateView.as_view(), name="grant_update"),
    path("<int:pk>/decide/", views.GrantDecideView.as_view(), name="grant_decide"),
    path("<int:pk>/redeem/", views.VoucherRedeemView.as_view(), name="voucher_redeem"),
]
