"""Pages: home, sign-in, two-factor set-up, the user's own account, and administration of
organisations, areas and users."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.generic import FormView, TemplateView
from rest_framework.authtoken.models import Token

from accounts import selectors, services
from accounts.filters import AreaFilterSet, OrganisationFilterSet, UserFilterSet
from accounts.forms import AreaForm, OrganisationForm, PasswordChangeForm, TokenForm, UserCreateForm, UserUpdateForm
from accounts.querysets import CHANGE
from accounts.tables import AreaTable, OrganisationTable, UserTable
from common.panels import panels_for
from common.views import RoleCreateView, RoleDetailView, RoleListView, RoleUpdateView, ServiceFormMixin


class HomeView(TemplateView):
    """Each role's home page: the counts that matter to it, from the database."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = panels_for(self.request.user)
        return context


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """After too many failed sign-ins (django-axes): the lockout page, or under /api/ the API's
    one JSON error shape, both with 429 Too Many Requests."""
    message = "Too many failed sign-in attempts. Signing in with that username is paused for 15 minutes."
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": message, "errors": {}}, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"message": message}, status=429)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class AccountView(TemplateView):
    """The signed-in user's own details, roles, API token and two-factor status."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = Token.objects.filter(user=self.request.user).first()
        return context


class TokenRotateView(ServiceFormMixin, FormView):
    """POST: replace the signed-in user's API token (any signed-in user may rotate their own)."""

    form_class = TokenForm
    template_name = "accounts/account.html"
    http_method_names = ["post"]
    success_url = reverse_lazy("accounts:account")

    def run_service(self, form):
        return services.token_rotate(user=self.request.user)

    def get_success_message(self) -> str:
        return f"Your new API token is {self.object.key}. Keep it secret."


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


# --- Organisations ------------------------------------------------------------------------------
class OrganisationListView(RoleListView):
    permission_required = "accounts.view_organisation"
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable
    template_name = "accounts/organisation_list.html"
    create_url_name = "accounts:organisation_create"
    create_permission = "accounts.add_organisation"

    def get_queryset(self):
        return selectors.organisation_list()


class OrganisationDetailView(RoleDetailView):
    permission_required = "accounts.view_organisation"
    change_permission = "accounts.change_organisation"
    template_name = "accounts/organisation_detail.html"

    def get_queryset(self):
        return selectors.organisation_list()


class _OrganisationForm:
    form_class = OrganisationForm
    template_name = "accounts/organisation_form.html"

    def run_service(self, form):
        return services.organisation_save(
            organisation=form.instance if form.instance.pk else None, by=self.request.user, **form.cleaned_data
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OrganisationCreateView(_OrganisationForm, RoleCreateView):
    permission_required = "accounts.add_organisation"


class OrganisationUpdateView(_OrganisationForm, RoleUpdateView):
    permission_required = "accounts.change_organisation"

    def get_queryset(self):
        # Another council is outside a commissioner's scope to change: a 404, as if missing.
        return selectors.organisation_list(self.request.user, CHANGE)


# --- Areas ----------------------------------------------------------------------------------
class AreaListView(RoleListView):
    permission_required = "accounts.view_area"
    filterset_class = AreaFilterSet
    table_class = AreaTable
    template_name = "accounts/area_list.html"
    create_url_name = "accounts:area_create"
    create_permission = "accounts.add_area"

    def get_queryset(self):
        return selectors.area_list()


class AreaDetailView(RoleDetailView):
    permission_required = "accounts.view_area"
    change_permission = "accounts.change_area"
    template_name = "accounts/area_detail.html"

    def get_queryset(self):
        return selectors.area_list()


class _AreaForm:
    form_class = AreaForm
    template_name = "accounts/area_form.html"

    def run_service(self, form):
        return services.area_save(
            area=form.instance if form.instance.pk else None, by=self.request.user, **form.cleaned_data
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class AreaCreateView(_AreaForm, RoleCreateView):
    permission_required = "accounts.add_area"


class AreaUpdateView(_AreaForm, RoleUpdateView):
    permission_required = "accounts.change_area"

    def get_queryset(self):
        # Another council's area is outside the administrator's scope: a 404, as if missing.
        return selectors.area_list(self.request.user, CHANGE)


# --- Users ----------------------------------------------------------------------------------
class UserListView(RoleListView):
    permission_required = "accounts.view_user"
    filterset_class = UserFilterSet
    table_class = UserTable
    template_name = "accounts/user_list.html"
    create_url_name = "accounts:user_create"
    create_permission = "accounts.add_user"

    def get_queryset(self):
        return selectors.user_list(self.request.user).distinct()


class UserDetailView(RoleDetailView):
    permission_required = "accounts.view_user"
    change_permission = "accounts.change_user"
    template_name = "accounts/user_detail.html"

    def get_queryset(self):
        return selectors.user_list(self.request.user)


class UserCreateView(RoleCreateView):
    permission_required = "accounts.add_user"
    form_class = UserCreateForm
    template_name = "accounts/user_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        return services.user_create(roles=data.pop("roles"), by=self.request.user, **data)


class UserUpdateView(RoleUpdateView):
    permission_required = "accounts.change_user"
    form_class = UserUpdateForm
    template_name = "accounts/user_form.html"

    def get_queryset(self):
        return selectors.user_list(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        return services.user_update(user=self.object, roles=data.pop("roles"), by=self.request.user, **data)
