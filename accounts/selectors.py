"""Read use-cases for accounts."""

from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, Q, QuerySet

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


def area_for_postcode(postcode: str, *, council_id: int | None = None) -> Area | None:
    """The most specific area whose postcode districts include this postcode's outward code;
    with `council_id`, among that council's areas only (a carer's area is their own council's)."""
    outward = postcode.upper().split()[0] if postcode and postcode.split() else ""
    if not outward:
        return None
    level_rank = {"ward": 0, "locality": 1, "county": 2}
    areas = Area.objects.filter(postcode_districts__icontains=outward)
    if council_id is not None:
        areas = areas.filter(council_id=council_id)
    candidates = [area for area in areas.only("id", "name", "level", "postcode_districts") if outward in area.districts]
    candidates.sort(key=lambda area: level_rank.get(area.level, 3))
    return candidates[0] if candidates else None


def area_and_descendants(area: Area | int) -> QuerySet[Area]:
    """The area and every area below it (a county's localities and their wards), as a queryset
    to filter on: `Carer.objects.filter(area__in=area_and_descendants(county))`.

    Areas are at most three levels deep (county → locality → ward, Area.clean), so three joins
    on the parent key say it in one subquery, on PostgreSQL and SQLite alike."""
    area_id = area.pk if isinstance(area, Area) else area
    return Area.objects.filter(
        Q(pk=area_id) | Q(parent_id=area_id) | Q(parent__parent_id=area_id) | Q(parent__parent__parent_id=area_id)
    ).values("pk")
