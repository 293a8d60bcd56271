from django.urls import path

from accounts import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/token/", views.TokenRotateView.as_view(), name="token_rotate"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/setup/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/verify/", two_factor.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation_update"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/new/", views.AreaCreateView.as_view(), name="area_create"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", views.AreaUpdateView.as_view(), name="area_update"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_update"),
]
