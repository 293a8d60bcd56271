"""Read use-cases for accounts."""

from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, QuerySet

from accounts.models import Area, Organisation, User
from accounts.querysets import VIEW


def organisation_list(user=None, action: str = VIEW) -> QuerySet[Organisation]:
    """Organisations with their number of users, for the list page and API; with `user`, those
    they may `action` (OrganisationQuerySet.visible_to)."""
    qs = Organisation.objects.all() if user is None else Organisation.objects.visible_to(user, action)
    return qs.annotate(user_count=Count("users", distinct=True))


def area_list(user=None, action: str = VIEW) -> QuerySet[Area]:
    """Areas with their parents and council; with `user`, those they may `action`."""
    qs = Area.objects.all() if user is None else Area.objects.visible_to(user, action)
    return qs.with_parent()


def user_list(user) -> QuerySet[User]:
    """The users `user` may manage (their own council's; every one for the deployment
    administrator), with organisation and roles loaded in two queries whatever their number."""
    return (
        User.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
    )


def area_for_postcode(postcode: str) -> Area | None:
    """The most specific area whose postcode districts include this postcode's outward code."""
    outward = postcode.upper().split()[0] if postcode and postcode.split() else ""
    if not outward:
        return None
    level_rank = {"ward": 0, "locality": 1, "county": 2}
    candidates = [
        area
        for area in Area.objects.filter(postcode_districts__icontains=outward).only(
            "id", "name", "level", "postcode_districts"
        )
        if outward in area.districts
    ]
    candidates.sort(key=lambda area: level_rank.get(area.level, 3))
    return candidates[0] if candidates else None
