"""Project middleware."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user, except those marked @login_not_required.

    The API is left to Django REST framework, whose default permission also requires a user but
    which authenticates tokens as well as sessions, and answers 401/403 JSON instead of
    redirecting to the sign-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
