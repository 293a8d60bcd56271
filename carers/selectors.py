"""Read use-cases for carers: search, duplicates, the record page and its timeline, the
managers' list, due dates for reminders, and the subject access export."""

import operator
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from carers import choices as c
from carers import matching, personal_data
from carers.models import (
    AccessLog,
    Assessment,
    Carer,
    CaringRelationship,
    Contact,
    ContingencyPlan,
    ErasureRequest,
    FirstNameForm,
    Referral,
    SubjectAccessRequest,
)
from carers.querysets import carers_organisation
from carers.validators import normalise_name, normalise_postcode, phone_digits
from common.history import history_entries

DUPLICATE_SIMILARITY = 0.45
SEARCH_LIMIT = 20  # what the search page and box show
SEARCH_MAX = 50  # ranked matches past the fiftieth help nobody on the phone (the API's page_size cap)
# Candidates ranked in Python at most: a common surname alone (Smith, with its Smyths) has about
# 1,500 in a council of 200,000; past this the least recently contacted are left out.
SEARCH_CANDIDATES = 2000
CONTACT_SECONDS = 'EXTRACT(EPOCH FROM "carers_carer"."last_contact_at")::float8'

_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})?\b")
_PHONE = re.compile(r"(?:\+44|0)[\d\s()\-]{8,}\d")


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


def carer_search(*, user, text: str, limit: int = SEARCH_LIMIT, queryset: QuerySet | None = None) -> list[Carer]:
    """Carers matching a misspelt name, postcode, phone or date of birth, best match first; each
    carries `match_reason`, why it matched (see search_queryset). Restricted, erased and merged
    records are never returned."""
    terms = parse_search(text)
    if terms.empty:
        return []
    qs = (queryset if queryset is not None else Carer.objects.visible_to(user)).everyday()
    return list(search_queryset(qs, terms, user=user).select_related("area")[:limit])


def first_name_forms(ws) -> dict[str, set[str]]:
    """The other forms of each word (bill → william; william → bill, will...), from the reference list."""
    ws = [w for w in ws if len(w) >= 2]
    if not ws:
        return {}
    forms: dict[str, set[str]] = {}
    rows = FirstNameForm.objects.filter(Q(familiar__in=ws) | Q(formal__in=ws)).values_list("familiar", "formal")
    for familiar, formal in rows:
        forms.setdefault(familiar, set()).add(formal)
        forms.setdefault(formal, set()).add(familiar)
    return forms


def _narrowed(qs: QuerySet, terms: SearchTerms) -> tuple[QuerySet, list[str]]:
    """The date of birth, phone and postcode typed narrow the carers (each by its own index)."""
    reasons = []
    if terms.date_of_birth:
        qs = qs.filter(date_of_birth=terms.date_of_birth)
        reasons.append("date of birth")
    if terms.phone:
        qs = qs.filter(search_phone=terms.phone)
        reasons.append("phone")
    if terms.postcode:
        if " " in terms.postcode:
            qs = qs.filter(search_postcode=terms.postcode)
        else:
            qs = qs.filter(search_postcode__startswith=terms.postcode + " ")
        reasons.append("postcode")
    return qs, reasons


def _group_sql(group) -> tuple[str, list]:
    """PostgreSQL: one group of keys as `search_keys @> '{key}'` ORed, each read through the GIN
    index (a BitmapOr). Written as one `search_keys && keys` the planner costs the overlap as one
    cheap operator and, on a small partition, reads every entry comparing ~25 keys each (25 ms)
    instead of the index (1 ms); ORed, it weighs each key and chooses the index by itself."""
    return "(" + " OR ".join(["search_keys @> %s::text[]"] * len(group)) + ")", [[key] for key in group]


def _entries_where(groups, organisation) -> tuple[str, list]:
    """The search entries sharing a key with every group, in the organisation's partition when known."""
    parts, params = [], []
    if organisation is not None:
        parts.append("organisation_id = %s")
        params.append(organisation)
    for group in groups:
        sql, group_params = _group_sql(group)
        parts.append(sql)
        params += group_params
    return " AND ".join(parts), params


def _key_filter(qs: QuerySet, groups, *, organisation) -> QuerySet:
    """Carers sharing a key with every group of keys.

    PostgreSQL: the search entries' GIN index (in the user's organisation's partition only when it
    is known). SQLite: LIKE on the carer's own column, which at one council's trial size is quick
    without an index."""
    if connection.vendor == "postgresql":
        where, params = _entries_where(groups, organisation)
        # `id = ANY(ARRAY(…))`: the entries are read first (their GIN index) and the carers then
        # fetched by primary key; with `IN (…)` the planner may hash-join every carer of the council.
        sql = f'"carers_carer"."id" = ANY(ARRAY(SELECT carer_id FROM carers_carersearchentry WHERE {where}))'  # noqa: S608  # nosec B608 - constants only
        return qs.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611  # nosec B611 - the keys are parameters
    return qs.filter(reduce(operator.and_, [_like_group(group) for group in groups]))


def _like_group(group) -> Q:
    return reduce(operator.or_, (Q(search_keys__contains=f" {key} ") for key in group), Q())


def _matches_at_most(qs: QuerySet, group, *, organisation, bound: int) -> int:
    """How many carers share a key with `group`, counted no further than `bound` (a bounded read:
    it tells a rare word from a common one without reading all of a common one's carers)."""
    if connection.vendor == "postgresql":
        where, params = _entries_where([group], organisation)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM carers_carersearchentry WHERE {where} LIMIT %s) AS found",  # noqa: S608  # nosec B608 - constants only
                [*params, bound],
            )
            return cursor.fetchone()[0]
    return qs.filter(_like_group(group))[:bound].count()


def _candidate_rows(qs: QuerySet) -> list[tuple]:
    # The most recent contacts first, so that when a common name has more candidates than are
    # ranked, the ones left out are the least likely callers. On PostgreSQL the last contact comes
    # as epoch seconds: the ranking only compares it, and 2,000 timestamps parsed into datetimes
    # cost more than the query (rank_carers takes either).
    qs = qs.order_by(F("last_contact_at").desc(nulls_last=True), "id")
    if connection.vendor == "postgresql":
        qs = qs.annotate(contact_seconds=RawSQL(CONTACT_SECONDS, ()))  # noqa: S611  # nosec B611 - a constant
        return list(qs.values_list("id", "first_name", "last_name", "contact_seconds")[:SEARCH_CANDIDATES])
    return list(qs.values_list("id", "first_name", "last_name", "last_contact_at")[:SEARCH_CANDIDATES])


def _either_word_rows(qs: QuerySet, groups, *, organisation) -> list[tuple]:
    """When no carer matches every word (a middle or maiden name, a word misspelt beyond one
    letter), the carers matching one word, the rarest first: each word's matches are counted no
    further than SEARCH_CANDIDATES, and the first word (fewest matches) that finds anyone gives
    the candidates. Bounded like a one-word search, never the union of every word's matches
    (thousands for a common first name); the ranking still weighs every typed word."""
    counted = sorted(
        (_matches_at_most(qs, group, organisation=organisation, bound=SEARCH_CANDIDATES + 1), index)
        for index, group in enumerate(groups)
    )
    for count, index in counted:
        if count:
            rows = _candidate_rows(_key_filter(qs, [groups[index]], organisation=organisation))
            if rows:
                return rows
    return []


def search_queryset(qs: QuerySet, terms: SearchTerms, *, user=None) -> QuerySet:
    """Apply parsed search terms to a carer queryset, ranked (used by pages, API and filters).

    The date of birth, phone and postcode narrow; the name's words find candidates through the
    match keys (carers.matching), which carers.matching.rank_carers — the one ranking rule, the
    same on both databases — puts in order. The SEARCH_MAX best come back in that order, each
    annotated with `match_reason` ("surname sounds like, postcode"). Nothing searchable typed
    (empty, punctuation, emoji) finds nobody.

    `user` narrows the name match to the partition of search entries of the organisation whose
    records they hold: without it the match reads every partition's index (still correct, since
    `qs` is already scoped, only slower)."""
    if terms.empty:
        return qs.none()
    qs, also = _narrowed(qs, terms)
    query = matching.name_query(terms.name, first_name_forms(matching.query_words(terms.name)))
    if not query.words:
        if not also:
            return qs.none()
        return qs.annotate(match_reason=Value(", ".join(also))).order_by("last_name", "first_name", "id")
    organisation = carers_organisation(user) if user is not None else None
    by_name_alone = False
    if query.searchable:
        rows = _candidate_rows(_key_filter(qs, query.groups, organisation=organisation))
        if not rows and len(query.groups) > 1:
            # A word that matches nobody (a middle name, a maiden name) leaves the others to find them.
            rows = _either_word_rows(qs, query.groups, organisation=organisation)
        if not rows and also:
            rows, by_name_alone = _candidate_rows(qs), True  # narrowed enough to rank by name alone
    else:
        rows, by_name_alone = (_candidate_rows(qs) if also else []), True  # initials only: "J" with a postcode
    matches = matching.rank_carers(query, rows, also=also, keep_unmatched=by_name_alone)[:SEARCH_MAX]
    if not matches:
        return qs.none()
    # One CASE each, written out: Django's Case(When(...)) × 50 costs more to build than the query runs.
    whens = " ".join(["WHEN %s THEN %s"] * len(matches))
    case = f'CASE "carers_carer"."id" {whens} END'
    order = RawSQL(case, [v for i, m in enumerate(matches) for v in (m.carer_id, i)])  # noqa: S611  # nosec B611 - parameters
    why = RawSQL(case, [v for m in matches for v in (m.carer_id, m.why)])  # noqa: S611  # nosec B611 - parameters
    ranked = qs.filter(pk__in=[m.carer_id for m in matches])
    return ranked.annotate(search_rank=order, match_reason=why).order_by("search_rank")


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
    return AccessLog.objects.about(carer.pk).select_related("user").order_by("-at", "-id")


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
