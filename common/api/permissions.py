"""The API's default permission: signed in, and the role's model permission for the action.

Reading needs the model's `view_` permission too (DRF's own class lets any signed-in user read).
Object scope is applied by each viewset's selector, so a row outside the user's scope is a 404.
A view without a model (a statistics endpoint, say) names `required_permissions` instead.
"""

from rest_framework.permissions import DjangoModelPermissions


def _handles(view, method: str) -> bool:
    """Whether `view` has a handler for the HTTP `method` (a viewset binds only its routed actions)."""
    name = method.lower()
    return name in view.http_method_names and getattr(view, name, None) is not None


class RoleModelPermissions(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not _handles(view, request.method):
            # A method the endpoint does not offer (DELETE on a record that is never deleted) is
            # answered by the view's 405, which says what is refused, rather than a 403 from the
            # model permission that nobody holds, which would say the wrong thing.
            return True
        required = getattr(view, "required_permissions", None)
        if required is not None:
            return request.user.has_perms(required)
        return super().has_permission(request, view)

    def _queryset(self, view):
        # Only the model is read from it: a viewset that declares `queryset` (its model's
        # .none()) answers that without building the user's scoped queryset a second time.
        declared = getattr(view, "queryset", None)
        return declared if declared is not None else super()._queryset(view)
