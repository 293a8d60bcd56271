"""Read use-cases for the signposting directory."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from carers.models import DirectoryEntry, InformationGiven

SEARCH_LIMIT = 20


def directory_list() -> QuerySet[DirectoryEntry]:
    """Entries with their area and organisation, and how often each was given as information."""
    return DirectoryEntry.objects.select_related("area", "organisation").annotate(
        times_given_count=Count("times_given")
    )


def directory_search(*, q: str = "", category: str = "", area_id: int | None = None) -> QuerySet[DirectoryEntry]:
    """Listed entries matching what a CSC officer types during a call, best first (name matches
    before description matches), at most SEARCH_LIMIT.

    A plain icontains is enough here: a council's directory holds hundreds of entries, not
    millions, so a sequential scan is a few milliseconds (the carers register is where trigram
    indexes are needed)."""
    entries = DirectoryEntry.objects.filter(is_active=True).select_related("area", "organisation")
    words = q.split()
    for word in words:
        entries = entries.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(area__name__icontains=word)
        )
    if category:
        entries = entries.filter(category=category)
    if area_id:
        entries = entries.filter(Q(area_id=area_id) | Q(area__parent_id=area_id) | Q(area__isnull=True))
    first = words[0] if words else ""
    rank = Case(When(name__icontains=first, then=Value(0)), default=Value(1), output_field=IntegerField())
    return entries.annotate(rank=rank).order_by("rank", "name", "id")[:SEARCH_LIMIT]


def information_given_list(user) -> QuerySet[InformationGiven]:
    return InformationGiven.objects.visible_to(user).select_related("entry", "given_by")
