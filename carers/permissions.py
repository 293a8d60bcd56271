"""Who may open a carer's record. Every attempt to open one is written to the access log:
'viewed' when allowed, 'refused' when a signed-in user may not see it.

A role without access to personal records is refused (403: the role, not the record, is what is
refused). A carer outside the user's scope (another council's, say) answers exactly as an id that
does not exist, a 404 with the same message, so nobody can tell which ids exist elsewhere; the
refusal is still logged."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.permissions import BasePermission

from carers import choices as c
from carers import services
from carers.models import Carer

# One message for "no such carer" and "not one of yours": the two must not be told apart.
NOT_FOUND = "No such record."


def open_carer_record(request, pk: int, *, action: str = c.AccessAction.VIEWED, log: bool = True) -> Carer:
    """The carer `pk` if it is within the user's scope (Carer.visible_to), with the access logged;
    otherwise the same 404 as a missing id, with the refusal logged when the carer exists."""
    user = request.user
    carer = Carer.objects.visible_to(user).select_related("area", "organisation", "merged_into").filter(pk=pk).first()
    if carer is None:
        not_found(request, pk)
    if log:
        services.access_log_record(carer_id=carer.pk, user=user, action=action, path=request.get_full_path())
    return carer


def log_refusal(request, carer_id: int | None) -> None:
    """Write a 'refused' access-log row for an attempt on carer `carer_id`, if that carer exists."""
    if carer_id and request.user.is_authenticated and Carer.objects.filter(pk=carer_id).exists():
        services.access_log_record(
            carer_id=carer_id, user=request.user, action=c.AccessAction.REFUSED, path=request.get_full_path()
        )


def not_found(request, carer_id: int | None):
    """Log a refused attempt on a record outside the user's scope and answer as for a missing id."""
    log_refusal(request, carer_id)
    raise Http404(NOT_FOUND)


def refuse(request, carer_id: int, message: str = "Your role does not allow this on carers' records."):
    """Log a refused attempt by a role without the permission, and refuse it (403)."""
    log_refusal(request, carer_id)
    raise PermissionDenied(message)


class CanEraseCarers(BasePermission):
    """DRF: the user holds carers.erase_carer."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("carers.erase_carer"))
