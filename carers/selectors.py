"""Read use-cases for carers: search, duplicates, the record page and its timeline, the
managers' list, due dates for reminders, and the subject access export."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from carers import choices as c
from carers import personal_data
from carers.models import (
    AccessLog,
    Assessment,
    Carer,
    CaringRelationship,
    Contact,
    ContingencyPlan,
    ErasureRequest,
    Referral,
    SubjectAccessRequest,
)
from carers.querysets import carers_organisation
from carers.validators import normalise_name, normalise_postcode, phone_digits
from common.history import history_entries

# Below this a name is not offered as a match: similarity('jon smyth', 'john smith') is 0.31.
# (An OR with word_similarity's `%>` would find a misspelt surname alone, but the planner then
# prefers a sequential scan over the GIN index, so the search keeps to the one operator.)
NAME_SIMILARITY = 0.3
DUPLICATE_SIMILARITY = 0.45
SEARCH_LIMIT = 20

_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})?\b")
_PHONE = re.compile(r"(?:\+44|0)[\d\s()\-]{8,}\d")


class TrigramMatch(Func):
    """`lhs % rhs`: true when the two are similar enough; served by the GIN trigram index."""

    output_field = BooleanField()
    operator = "%%"

    def as_sql(self, compiler, connection, **extra):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"({lhs} {self.operator} {rhs})", (*lhs_params, *rhs_params)


@dataclass
class SearchTerms:
    name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    postcode: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name or self.date_of_birth or self.phone or self.postcode)


def parse_search(text: str) -> SearchTerms:
    """Split what was typed into a name, a date of birth, a phone number and a postcode."""
    terms = SearchTerms()
    rest = text or ""
    match = _DATE.search(rest)
    if match:
        day, month, year = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (
                match.group(6),
                match.group(5),
                match.group(4),
            )
        )
        try:
            terms.date_of_birth = date(int(year), int(month), int(day))
        except ValueError:
            terms.date_of_birth = None
        rest = rest.replace(match.group(0), " ")
    match = _PHONE.search(rest)
    if match:
        terms.phone = phone_digits(match.group(0))
        rest = rest.replace(match.group(0), " ")
    for match in _POSTCODE.finditer(rest):
        token = match.group(0)
        # A postcode needs a digit in its outward code and must not just be a word like "B4".
        if match.group(2) or (len(token) <= 4 and token[0].isalpha() and any(ch.isdigit() for ch in token)):
            terms.postcode = normalise_postcode(token) if match.group(2) else token.upper()
            rest = rest.replace(token, " ")
            break
    terms.name = normalise_name(rest)
    return terms


def _set_similarity_threshold() -> None:
    """Set pg_trgm.similarity_threshold once per database session (it is PostgreSQL's default, 0.3,
    unless the server was configured otherwise)."""
    raw = connection.connection
    if raw is not None and getattr(connection, "_carers_trgm_session", None) is raw:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(NAME_SIMILARITY)])
    connection._carers_trgm_session = connection.connection


def carer_search(*, user, text: str, limit: int = SEARCH_LIMIT, queryset: QuerySet | None = None) -> list[Carer]:
    """Carers matching a misspelt name, postcode, phone or date of birth, best match first.

    On PostgreSQL the name is matched by trigram similarity through the GIN index of the user's
    organisation's partition of CarerSearchEntry; on SQLite by each word appearing in the name.
    Restricted, erased and merged records are never returned.
    """
    terms = parse_search(text)
    if terms.empty:
        return []
    qs = (queryset if queryset is not None else Carer.objects.visible_to(user)).everyday()
    return list(search_queryset(qs, terms, user=user).select_related("area")[:limit])


def search_queryset(qs: QuerySet, terms: SearchTerms, *, user=None) -> QuerySet:
    """Apply parsed search terms to a carer queryset, ranked (used by pages, API and filters).

    `user` narrows the name match to the partition of search entries of the organisation whose
    records they hold: without it the match reads every partition's trigram index (still correct,
    since `qs` is already scoped, only slower)."""
    if terms.date_of_birth:
        qs = qs.filter(date_of_birth=terms.date_of_birth)
    if terms.phone:
        qs = qs.filter(search_phone=terms.phone)
    if terms.postcode:
        if " " in terms.postcode:
            qs = qs.filter(search_postcode=terms.postcode)
        else:
            qs = qs.filter(search_postcode__startswith=terms.postcode + " ")
    if not terms.name:
        return qs.order_by("last_name", "first_name", "id")
    if connection.vendor == "postgresql":
        _set_similarity_threshold()
        name = Value(terms.name)
        qs = qs.filter(TrigramMatch(F("search_entry__search_name"), name))
        organisation = carers_organisation(user) if user is not None else None
        if organisation is not None:
            # The entries are partitioned by organisation: this reads the user's partition only.
            qs = qs.filter(search_entry__organisation_id=organisation)
        return qs.annotate(rank=TrigramSimilarity("search_entry__search_name", name)).order_by(
            "-rank", "last_name", "id"
        )
    for word in terms.name.split():
        qs = qs.filter(search_name__contains=word)
    return qs.order_by("last_name", "first_name", "id")


def possible_duplicates(*, organisation, carer: Carer, limit: int = 5) -> QuerySet[Carer]:
    """Existing carers who may be the same person: same date of birth and a similar name, or the
    same phone number, or the same postcode and a similar name."""
    name = carer.search_name or normalise_name(carer.first_name, carer.last_name)
    qs = Carer.objects.filter(organisation=organisation).exclude(
        status__in=[c.CarerStatus.ERASED, c.CarerStatus.MERGED]
    )
    if carer.pk:
        qs = qs.exclude(pk=carer.pk)
    if connection.vendor == "postgresql":
        similar = Q(name_similarity__gte=DUPLICATE_SIMILARITY)
        qs = qs.annotate(name_similarity=TrigramSimilarity("search_name", Value(name)))
    else:
        surname = normalise_name(carer.last_name)
        similar = Q(search_name__endswith=surname) if surname else Q(pk__in=[])
    # An unknown date of birth matches nobody by date (two carers whose dates are both unknown
    # are not thereby alike); the phone and postcode rules still apply.
    rule = Q(date_of_birth=carer.date_of_birth) & similar if carer.date_of_birth else Q(pk__in=[])
    if carer.search_phone:
        rule |= Q(search_phone=carer.search_phone)
    if carer.search_postcode:
        rule |= Q(search_postcode=carer.search_postcode) & similar
    return qs.filter(rule).order_by("last_name", "id")[:limit]


def carer_detail_queryset(user) -> QuerySet[Carer]:
    """Carers the user may open, with what the record page shows joined in."""
    return Carer.objects.visible_to(user).select_related("area", "organisation", "merged_into")


def carer_relationships(carer: Carer) -> list[CaringRelationship]:
    return list(
        carer.caring_relationships.select_related("cared_for").prefetch_related("cared_for__conditions").order_by("id")
    )


def carer_grants(carer: Carer, *, limit: int = 10) -> list:
    """The carer's latest grant and voucher applications, for their page (one query)."""
    return list(carer.grants.order_by("-applied_on", "-id")[:limit])


def open_referrals(carer: Carer, *, kind: str | None = None) -> list[Referral]:
    """The carer's referrals still waiting to be closed: the tasks on their page (of one kind
    only for a service that sees its own referrals, such as brokerage)."""
    qs = Referral.objects.open().filter(carer=carer)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.select_related("contact", "contact__officer"))


def brokerage_referrals_waiting(organisation_id: int) -> int:
    """How many of the organisation's referrals to brokerage are still open."""
    return Referral.objects.open().filter(organisation_id=organisation_id, kind=c.ReferralKind.BROKERAGE).count()


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # contact, assessment, plan, change
    title: str
    byline: str
    description: str
    url: str = ""

    @property
    def when_iso(self) -> str:
        return timezone.localtime(self.when).isoformat()

    @property
    def when_text(self) -> str:
        local = timezone.localtime(self.when)
        return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def _url_maker(name: str):
    """reverse() once, then fill in ids: 200 reverse() calls cost more than the query."""
    template = reverse(name, args=[999999999]).replace("999999999", "{}")
    return template.format


def carer_timeline(carer: Carer, *, limit: int = 200) -> list[TimelineEntry]:
    """Contacts (with their referrals), assessments, contingency plans and record changes, newest first.

    A fixed number of queries whatever the number of contacts: one per kind of entry. Contacts are
    read as plain values, not model instances: a carer's page may show 200 of them.
    """
    entries: list[TimelineEntry] = []
    channels = dict(c.Channel.choices)
    outcomes = dict(c.ContactOutcome.choices)
    kinds = dict(c.ReferralKind.choices)
    contact_url = _url_maker("carers:contact_detail")
    contacts = list(
        Contact.objects.filter(carer=carer)
        .order_by("-contacted_at", "-id")
        .values(
            "id",
            "contacted_at",
            "channel",
            "advice_given",
            "outcome",
            "reason__name",
            "officer__first_name",
            "officer__last_name",
            "officer__username",
        )[:limit]
    )
    referred: dict[int, list[str]] = {}
    if contacts:
        rows = Referral.objects.filter(contact_id__in=[row["id"] for row in contacts]).order_by("id")
        for contact_id, kind in rows.values_list("contact_id", "kind"):
            referred.setdefault(contact_id, []).append(kinds.get(kind, kind))
    for row in contacts:
        officer = " ".join(filter(None, [row["officer__first_name"], row["officer__last_name"]]))
        description = row["advice_given"]
        if row["id"] in referred:
            description = f"{description}\nReferred to: {', '.join(referred[row['id']])}".strip()
        entries.append(
            TimelineEntry(
                when=row["contacted_at"],
                kind="contact",
                title=f"{channels.get(row['channel'], row['channel'])} contact: {row['reason__name']}",
                byline=officer or row["officer__username"] or "unknown officer",
                description=f"{description}\nOutcome: {outcomes.get(row['outcome'], row['outcome'])}".strip(),
                url=contact_url(row["id"]),
            )
        )
    for assessment in Assessment.objects.filter(carer=carer).select_related("assessor")[:limit]:
        entries.append(
            TimelineEntry(
                when=_at(assessment.assessed_on),
                kind="assessment",
                title=str(assessment),
                byline=str(assessment.assessor or "—"),
                description=assessment.get_outcome_display(),
                url=assessment.get_absolute_url(),
            )
        )
    for plan in ContingencyPlan.objects.filter(carer=carer)[:limit]:
        entries.append(
            TimelineEntry(
                when=_at(plan.issued_on),
                kind="plan",
                title=f"Contingency plan: {plan}",
                byline="",
                description=f"Review by {plan.review_on:%d %B %Y}" if plan.review_on else "",
                url=plan.get_absolute_url(),
            )
        )
    for change in history_entries(carer, limit=limit):
        detail = "; ".join(f"{ch.field}: {ch.old} → {ch.new}" for ch in change.changes)
        entries.append(
            TimelineEntry(
                when=change.when,
                kind="change",
                title=f"Record {change.action.lower()}",
                byline=change.who,
                description=" ".join(filter(None, [change.reason, detail])),
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def carer_list(*, user) -> QuerySet[Carer]:
    """The managers' list: visible, everyday carers with area and an 'assessed' flag."""
    return (
        Carer.objects.visible_to(user)
        .everyday()
        .select_related("area")
        .annotate(has_assessment=Exists(Assessment.objects.filter(carer=OuterRef("pk"))))
    )


def carers_with_open_referrals(*, user, kind: str | None = None) -> QuerySet[Carer]:
    """The rows of carer_list with an open referral (of `kind`, or any): what the home page
    counts, and the list its link opens (`?open_referral=`)."""
    return Carer.objects.visible_to(user).everyday().with_open_referral(kind)


def carer_api_list(*, user) -> QuerySet[Carer]:
    """Carers for the API list and search: the serializer shows the area as an id, so no join and
    no 'assessed' flag — the search runs the same SQL a direct query would."""
    return Carer.objects.visible_to(user).everyday()


def access_log(carer: Carer) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(carer=carer).select_related("user").order_by("-at", "-id")


def unidentified_contacts(*, user) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user).unidentified().select_related("reason", "officer").order_by("-contacted_at")


# --- Subject access: everything held about a carer ----------------------------------------------
def _plain(obj, exclude=()) -> dict:
    """Every stored field of a row (related rows by id), JSON-ready."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name not in exclude:
            value = getattr(obj, f.attname)
            data[f.name] = value.isoformat() if isinstance(value, (date, datetime)) else value
    data["id"] = obj.pk
    return data


def _history(qs, exclude=()) -> list[dict]:
    return [
        {
            "when": h.history_date.isoformat(),
            "who": str(h.history_user) if h.history_user_id else "System",
            "action": {"+": "created", "~": "changed", "-": "deleted"}.get(h.history_type, h.history_type),
            "reason": h.history_change_reason or "",
            "record": _plain(h.instance, exclude=exclude),
        }
        for h in qs.select_related("history_user").order_by("history_date", "history_id")
    ]


def subject_access_data(carer: Carer) -> dict:
    """Everything held about a carer, history included, as plain JSON-ready data: one section for
    every model carers.personal_data declares as exported, and the history rows of each."""
    data: dict = {}
    history: dict = {}
    for record in personal_data.declarations():
        if not record.export:
            continue
        rows = record.rows(carer).select_related(*record.export_related).order_by(*record.export_order)
        items = [
            {**_plain(row, exclude=record.export_exclude), **(record.export_extra(row) if record.export_extra else {})}
            for row in rows
        ]
        data[record.export] = items[0] if record.export_one else items
        if record.history_model is not None:
            ids = [item["id"] for item in ([items[0]] if record.export_one else items)]
            history[record.export] = _history(
                record.history_model.objects.filter(id__in=ids), exclude=record.export_exclude
            )
    data["history"] = history
    return data


def sar_list(carer: Carer) -> QuerySet[SubjectAccessRequest]:
    return SubjectAccessRequest.objects.filter(carer=carer).order_by("-received_on")


def erasure_list(carer: Carer) -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(carer=carer).select_related("decided_by").order_by("-received_on")
