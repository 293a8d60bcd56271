"""Views and view mixins shared by every app."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from common.errors import DomainError, errors_by_field

log = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure to reach the database means "down"
        log.exception("health check: database unreachable")
        return False


def redis_ok() -> bool | None:
    """True/False when Redis is configured and (un)reachable; None when it is not configured."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@never_cache
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and Redis, if configured) answer; 503 otherwise.

    With the database up and Redis down the service still serves pages and the API, so the
    status says "degraded" rather than "down"; the 503 tells the orchestrator all the same.
    """
    database = _database_ok()
    cache = redis_ok()
    checks = {"database": "ok" if database else "unreachable"}
    if cache is not None:
        checks["redis"] = "ok" if cache else "unreachable"
    if not database:
        state = "down"
    elif cache is False:
        state = "degraded"
    else:
        state = "ok"
    return JsonResponse({"status": state, "checks": checks}, status=200 if state == "ok" else 503)


def apply_errors(form, exc: ValidationError | DomainError, *, default_field: str | None = None) -> None:
    """Put a service's ValidationError or DomainError onto the form: on the field it names when the
    form has that field, otherwise on `default_field` (None: the error summary above the form)."""
    for name, messages_ in errors_by_field(exc).items():
        target = name if name in form.fields else default_field
        for message in messages_:
            form.add_error(target, message)


class ServiceFormMixin:
    """The one base of every form page: the form parses input, `run_service(form)` does the write.

    The service runs inside `transaction.atomic()`, so a ValidationError or DomainError it raises
    part-way leaves nothing saved; the error goes back onto the form (apply_errors), on its field
    where it names one (`error_field` takes those naming no field of this form). After success the
    user is redirected (never a page rendered from a POST) with a banner (`success_message`).
    """

    success_message = "Saved."
    error_field: str | None = None

    def run_service(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.run_service(form)
        except (ValidationError, DomainError) as exc:
            self.service_failed(form, exc)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def service_failed(self, form, exc: ValidationError | DomainError) -> None:
        """Show the service's error on the form (a page with several forms puts it on the right one)."""
        apply_errors(form, exc, default_field=self.error_field)

    def get_success_message(self) -> str:
        return self.success_message.format(object=self.object)

    def get_success_url(self) -> str:
        if getattr(self, "success_url", None):
            return str(self.success_url)
        return self.object.get_absolute_url()


# --- Base classes for the list / detail / form pages of every app ----------------------------
from django.contrib.auth.mixins import PermissionRequiredMixin  # noqa: E402
from django.views.generic import CreateView, DetailView, FormView, UpdateView  # noqa: E402
from django_filters.views import FilterView  # noqa: E402
from django_tables2 import SingleTableMixin  # noqa: E402
from django_tables2.paginators import LazyPaginator  # noqa: E402

from common.history import history_entries  # noqa: E402


class RolePermissionMixin(PermissionRequiredMixin):
    """A signed-in user without the permission gets 403 (anonymous users never get this far:
    LoginRequiredMiddleware sends them to the login page)."""

    raise_exception = True


class RoleListView(RolePermissionMixin, SingleTableMixin, FilterView):
    """A filterable, sortable table. LazyPaginator pages without COUNT(*) over the table."""

    paginator_class = LazyPaginator
    table_pagination = {"per_page": 50}
    create_url_name = ""
    create_permission = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = bool(self.create_permission) and self.request.user.has_perm(self.create_permission)
        context["create_url_name"] = self.create_url_name
        return context


class RoleDetailView(RolePermissionMixin, DetailView):
    """A record page, with its audit trail when the model keeps history."""

    change_permission = ""
    show_history = True  # False on a page about a record that does not show its audit trail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.show_history and hasattr(self.object, "history"):
            context["history"] = history_entries(self.object)
        context["can_change"] = bool(self.change_permission) and self.request.user.has_perm(self.change_permission)
        return context


class ServiceFormView(RolePermissionMixin, ServiceFormMixin, FormView):
    """A form page (not tied to one model instance) whose valid input goes to `run_service`."""


class RoleCreateView(RolePermissionMixin, ServiceFormMixin, CreateView):
    success_message = "{object} was created."


class RoleUpdateView(RolePermissionMixin, ServiceFormMixin, UpdateView):
    success_message = "{object} was updated."


# --- Error pages: JSON in the API's one error shape under /api/, GOV.UK pages elsewhere ----------
from django.views import defaults  # noqa: E402


def _api_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message, "errors": {}}, status=status)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception=None):
    if _is_api(request):
        return _api_error("Bad request.", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception=None):
    if _is_api(request):
        return _api_error("You do not have permission to perform this action.", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception=None):
    """An API path that matches no route (say /api/areas/1.5/) answers JSON like any other 404."""
    if _is_api(request):
        return _api_error("Not found.", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _is_api(request):
        return _api_error("Something went wrong on our side. It has been logged.", 500)
    return defaults.server_error(request)
