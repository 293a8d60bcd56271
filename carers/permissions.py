"""Who may open a carer's record. Every attempt to open one is written to the access log:
'viewed' when allowed, 'refused' when a signed-in user may not see it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.permissions import BasePermission

from carers import choices as c
from carers import services
from carers.models import Carer


def may_view_record(user, carer: Carer) -> bool:
    """The user holds carers.view_carer and the carer is within their scope (Carer.visible_to)."""
    return Carer.objects.visible_to(user).filter(pk=carer.pk).exists()


def open_carer_record(request, pk: int, *, action: str = c.AccessAction.VIEWED, log: bool = True) -> Carer:
    """The carer `pk` if the user may see it, with the access logged; otherwise the refusal is
    logged and PermissionDenied raised. An id that does not exist is a 404 (nothing to log)."""
    user = request.user
    carer = Carer.objects.visible_to(user).select_related("area", "organisation", "merged_into").filter(pk=pk).first()
    if carer is None:
        if not Carer.objects.filter(pk=pk).exists():
            raise Http404("No such carer.")
        refuse(request, pk)
    if log:
        services.access_log_record(carer_id=carer.pk, user=user, action=action, path=request.get_full_path())
    return carer


def refuse(request, carer_id: int):
    """Log a refused attempt on a carer's record and refuse it."""
    if request.user.is_authenticated and Carer.objects.filter(pk=carer_id).exists():
        services.access_log_record(
            carer_id=carer_id, user=request.user, action=c.AccessAction.REFUSED, path=request.get_full_path()
        )
    raise PermissionDenied("You may not see this carer's record.")


class CanEraseCarers(BasePermission):
    """DRF: the user holds carers.erase_carer."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("carers.erase_carer"))
