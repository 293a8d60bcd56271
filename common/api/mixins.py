"""Viewset mixins shared by every app's API."""

from rest_framework.exceptions import MethodNotAllowed


class NeverDeletedMixin:
    """For records that are never deleted: DELETE answers 405 with `never_deleted`, which says
    what is refused and what to do instead (common.api.permissions lets a method the view does not
    offer through to this answer, instead of a 403 that would say the wrong thing)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    never_deleted = "These records are never deleted."

    def http_method_not_allowed(self, request, *args, **kwargs):
        if request.method == "DELETE":
            raise MethodNotAllowed(request.method, detail=self.never_deleted)
        return super().http_method_not_allowed(request, *args, **kwargs)
