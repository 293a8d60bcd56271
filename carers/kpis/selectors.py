"""Read use-cases for the carer KPI page: aggregated figures only, never a person's record.

Every figure is counted in SQL. The page runs a fixed number of queries whatever the number of
carers: one grouped count of carers by area (rolled up the area tree in Python, a loop over areas,
not carers), one for assessments, one for NI135, one for new carers by month, one for grants and
two for the indicators. Indexes serving them: migrations 0003 (KPI_INDEXES) and 0006.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Area, Organisation
from carers.choices import AssessmentType, CarerStatus, ContactOutcome, IdentificationSource
from carers.grants.choices import GrantStatus
from carers.kpis.choices import KpiMeasure
from carers.models import (
    AreaEstimate,
    Assessment,
    Carer,
    CarerGrant,
    Contact,
    InformationGiven,
    KpiIndicator,
    KpiTarget,
    VoucherRedemption,
)
from common.years import current_fy, fy_bounds_datetime, fy_end, fy_label, fy_start

# Years of history drawn on the year-by-year charts, ending at the chosen year.
HISTORY_YEARS = 5
# A merged record is a duplicate of another; erased and restricted carers still count (erasure keeps counts).
COUNTED = ~Q(status=CarerStatus.MERGED)
HUNDRED = Decimal("100")


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    """numerator / denominator as a percentage to one decimal place (None when it cannot be said)."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def default_kpi_year(organisation: Organisation | None = None) -> int:
    """The year the KPI page opens on: the current financial year (people look at this year first;
    earlier years are one choice away). `organisation` is kept for callers that pass it."""
    return current_fy()


def organisations_for_kpis() -> QuerySet[Organisation]:
    """The councils whose aggregated figures can be chosen (councils benchmark each other)."""
    return Organisation.objects.filter(kind="council", is_active=True).order_by("name")


def area_subtree_ids(area_id: int, parents: dict[int, int | None]) -> set[int]:
    """The area and every area below it (wards in localities in counties)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        children[parent].append(child)
    found, todo = set(), [area_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def _ancestors(area_id: int | None, parents: dict[int, int | None]) -> list[int]:
    chain = []
    while area_id is not None and area_id not in chain:
        chain.append(area_id)
        area_id = parents.get(area_id)
    return chain


@dataclass
class KnownRow:
    area: Area
    estimate: AreaEstimate
    known: int  # on the register
    reported: int | None  # the council's own reported figure (known to the voluntary or statutory sector)
    share: Decimal | None  # of the larger of the two


@dataclass
class TrajectoryPoint:
    year: int
    label: str
    target_share: Decimal
    target_known: int
    actual_known: int | None
    actual_share: Decimal | None


@dataclass
class Trajectory:
    estimate: AreaEstimate
    baseline_known: int
    baseline_share: Decimal | None
    points: list[TrajectoryPoint]


@dataclass
class KpiSummary:
    """Everything the KPI page and the KPI summary API show for one council, year and area."""

    organisation: Organisation
    year: int
    area: Area | None
    known_total: int = 0
    known_rows: list[KnownRow] = field(default_factory=list)
    trajectories: list[Trajectory] = field(default_factory=list)
    assessments: list[dict] = field(
        default_factory=list
    )  # one per year: {year, label, separate, joint, declined, total}
    ni135: list[dict] = field(default_factory=list)  # one per year: {year, label, numerator, known, value, target}
    new_by_month: list[dict] = field(default_factory=list)  # {month, label, <source>: n, total}
    sources: list[tuple[str, str]] = field(default_factory=list)
    grants: list[dict] = field(default_factory=list)  # one per year
    indicators: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return fy_label(self.year)

    @property
    def assessments_this_year(self) -> dict:
        return next((row for row in self.assessments if row["year"] == self.year), {})


def _known_counts(organisation: Organisation, years: list[int], area_ids: set[int] | None) -> tuple[dict, dict]:
    """Carers known at each year end: ({area_id: {year: n}}, {year: total in scope}) in one grouped query."""
    carers = Carer.objects.filter(COUNTED, organisation=organisation, identified_on__lte=fy_end(max(years)))
    if area_ids is not None:
        carers = carers.filter(area_id__in=area_ids)
    aggregates = {f"y{year}": Count("id", filter=Q(identified_on__lte=fy_end(year))) for year in years}
    by_area: dict = {}
    totals = dict.fromkeys(years, 0)
    for row in carers.values("area_id").annotate(**aggregates).order_by():
        by_area[row["area_id"]] = {year: row[f"y{year}"] for year in years}
        for year in years:
            totals[year] += row[f"y{year}"]
    return by_area, totals


def _roll_up(by_area: dict, parents: dict[int, int | None], year: int) -> dict[int, int]:
    """Carers known in each area including the areas below it (a loop over areas, not carers)."""
    rolled: dict[int, int] = defaultdict(int)
    for area_id, counts in by_area.items():
        for ancestor in _ancestors(area_id, parents):
            rolled[ancestor] += counts.get(year, 0)
    return rolled


def _fy_case(years: list[int], field_name: str, *, datetimes: bool = False) -> Case:
    whens = []
    for year in years:
        if datetimes:
            start, end = fy_bounds_datetime(year)
            whens.append(When(**{f"{field_name}__gte": start, f"{field_name}__lt": end}, then=Value(year)))
        else:
            whens.append(
                When(**{f"{field_name}__gte": fy_start(year), f"{field_name}__lte": fy_end(year)}, then=Value(year))
            )
    return Case(*whens, output_field=IntegerField())


def _assessments_by_year(organisation, years, area_ids) -> list[dict]:
    rows = Assessment.objects.filter(
        carer__organisation=organisation, assessed_on__gte=fy_start(years[0]), assessed_on__lte=fy_end(years[-1])
    )
    if area_ids is not None:
        rows = rows.filter(carer__area_id__in=area_ids)
    counts = {
        (row["fy"], row["assessment_type"]): row["n"]
        for row in rows.annotate(fy=_fy_case(years, "assessed_on"))
        .values("fy", "assessment_type")
        .annotate(n=Count("id"))
        .order_by()
    }
    result = []
    for year in years:
        row = {"year": year, "label": fy_label(year)}
        for kind in AssessmentType.values:
            row[kind] = counts.get((year, kind), 0)
        row["total"] = sum(row[kind] for kind in AssessmentType.values)
        result.append(row)
    return result


# NI135, every year of the page in one query: each year's assessed carers (not declined) of the
# organisation, kept when in the same year they also had advice and information (a contact with
# advice recorded or the "information" outcome; a directory service given) or a specific carers
# service (an approved grant). Each test is an EXISTS probe of an index (contact_kpi_served_idx for
# contacts), so the cost follows the number of assessments, not of contacts: measured at
# 1,000,000 carers and 10,000,000 contacts, ~0.3 s for five years where a query a year with the
# year's contacts hashed took 1.1–1.6 s each.
NI135_SQL = """
SELECT y.fy, count(DISTINCT a.carer_id)
FROM (VALUES {years}) AS y (fy, first_day, last_day, start_at, end_at)
JOIN carers_assessment a ON a.assessed_on BETWEEN y.first_day AND y.last_day
JOIN carers_carer c ON c.id = a.carer_id
WHERE c.organisation_id = %s AND c.status <> %s AND a.assessment_type IN (%s, %s) {area_filter}
  AND (
    EXISTS (
      SELECT 1 FROM carers_contact ct
      WHERE ct.carer_id = a.carer_id AND ct.carer_id IS NOT NULL
        AND (ct.advice_given <> '' OR ct.outcome = %s)
        AND ct.contacted_at >= y.start_at AND ct.contacted_at < y.end_at
    )
    OR EXISTS (
      SELECT 1 FROM carers_carergrant g
      WHERE g.carer_id = a.carer_id AND g.organisation_id = c.organisation_id AND g.status = %s
        AND g.decided_on BETWEEN y.first_day AND y.last_day
    )
    OR EXISTS (
      SELECT 1 FROM carers_informationgiven ig JOIN carers_contact gc ON gc.id = ig.contact_id
      WHERE gc.carer_id = a.carer_id AND ig.given_at >= y.start_at AND ig.given_at < y.end_at
    )
  )
GROUP BY y.fy
"""


def _ni135_numerators(organisation, years, area_ids) -> dict[int, int]:
    """Carers who, in the same financial year, had an assessment or review (not declined) AND a
    specific carers service (an approved grant or vouchers) or advice and information (a contact with
    advice recorded, or a directory service given); one query for all `years` (see NI135_SQL)."""
    if not years:
        return {}
    if connection.vendor != "postgresql":
        return _ni135_numerators_orm(organisation, years, area_ids)
    rows, params = [], []
    for year in years:
        start_at, end_at = fy_bounds_datetime(year)
        rows.append("(%s::int, %s::date, %s::date, %s::timestamptz, %s::timestamptz)")
        params += [year, fy_start(year), fy_end(year), start_at, end_at]
    params += [organisation.pk, CarerStatus.MERGED, AssessmentType.SEPARATE, AssessmentType.JOINT]
    area_filter = ""
    if area_ids is not None:
        area_filter = "AND c.area_id = ANY(%s)"
        params.append(sorted(area_ids))
    params += [ContactOutcome.INFORMATION, GrantStatus.APPROVED]
    sql = NI135_SQL.format(years=", ".join(rows), area_filter=area_filter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
    return {year: found.get(year, 0) for year in years}


def _ni135_numerators_orm(organisation, years, area_ids) -> dict[int, int]:
    """Carers who, in the same financial year, had an assessment or review (not declined) AND a
    specific carers service (an approved grant or vouchers) or advice and information (a contact with
    advice recorded, or a directory service given).

    The portable form (one query a year, semi-joins), used on the embedded SQLite default; on
    PostgreSQL NI135_SQL gives the same numbers in one query (a test holds them equal)."""
    result = {}
    for year in years:
        start_at, end_at = fy_bounds_datetime(year)
        advice = Contact.objects.filter(
            organisation=organisation, contacted_at__gte=start_at, contacted_at__lt=end_at, carer__isnull=False
        ).filter(~Q(advice_given="") | Q(outcome=ContactOutcome.INFORMATION))
        signposted = InformationGiven.objects.filter(
            given_at__gte=start_at, given_at__lt=end_at, contact__organisation=organisation
        )
        service = CarerGrant.objects.filter(
            organisation=organisation,
            status=GrantStatus.APPROVED,
            decided_on__gte=fy_start(year),
            decided_on__lte=fy_end(year),
        )
        assessed = Assessment.objects.filter(
            carer__organisation=organisation,
            assessed_on__gte=fy_start(year),
            assessed_on__lte=fy_end(year),
            assessment_type__in=[AssessmentType.SEPARATE, AssessmentType.JOINT],
        ).filter(
            Q(carer_id__in=advice.values("carer_id"))
            | Q(carer_id__in=signposted.values("contact__carer_id"))
            | Q(carer_id__in=service.values("carer_id"))
        )
        if area_ids is not None:
            assessed = assessed.filter(carer__area_id__in=area_ids)
        result[year] = assessed.aggregate(n=Count("carer_id", distinct=True))["n"]
    return result


def _new_by_month(organisation, year, area_ids) -> tuple[list[dict], list[tuple[str, str]]]:
    carers = Carer.objects.filter(
        COUNTED, organisation=organisation, identified_on__gte=fy_start(year), identified_on__lte=fy_end(year)
    )
    if area_ids is not None:
        carers = carers.filter(area_id__in=area_ids)
    counts = {
        (row["month"], row["identification_source"]): row["n"]
        for row in carers.annotate(month=TruncMonth("identified_on"))
        .values("month", "identification_source")
        .annotate(n=Count("id"))
        .order_by()
    }
    sources = [(value, label) for value, label in IdentificationSource.choices if any(k[1] == value for k in counts)]
    months = []
    for offset in range(12):
        month = date(year + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
        row = {"month": month, "label": month.strftime("%b %Y"), "counts": []}
        for value, _ in sources:
            row["counts"].append(counts.get((month, value), 0))
        row["total"] = sum(row["counts"])
        months.append(row)
    return months, sources


def _grants_by_year(organisation, years, area_ids) -> list[dict]:
    grants = CarerGrant.objects.filter(
        organisation=organisation,
        status=GrantStatus.APPROVED,
        decided_on__gte=fy_start(years[0]),
        decided_on__lte=fy_end(years[-1]),
    )
    redemptions = VoucherRedemption.objects.filter(
        grant__organisation=organisation, redeemed_on__gte=fy_start(years[0]), redeemed_on__lte=fy_end(years[-1])
    )
    if area_ids is not None:
        grants = grants.filter(carer__area_id__in=area_ids)
        redemptions = redemptions.filter(grant__carer__area_id__in=area_ids)
    awards = {
        row["fy"]: row
        for row in grants.annotate(fy=_fy_case(years, "decided_on"))
        .values("fy")
        .annotate(awards=Count("id"), amount=Sum("amount_awarded"), vouchers=Sum("vouchers_issued"))
        .order_by()
    }
    breaks = {
        row["fy"]: row
        for row in redemptions.annotate(fy=_fy_case(years, "redeemed_on"))
        .values("fy")
        .annotate(breaks=Sum("vouchers_used"), carers=Count("grant__carer_id", distinct=True))
        .order_by()
    }
    result = []
    for year in years:
        award = awards.get(year, {})
        took = breaks.get(year, {})
        result.append(
            {
                "year": year,
                "label": fy_label(year),
                "awards": award.get("awards", 0),
                # Pounds and pence on SQLite too (its sum of decimals drops the trailing zeros).
                "amount": Decimal(award.get("amount") or 0).quantize(Decimal("0.01")),
                "vouchers": award.get("vouchers") or 0,
                "breaks": took.get("breaks") or 0,
                "carers_on_breaks": took.get("carers", 0),
            }
        )
    return result


def _indicators(organisation, years, computed: dict[str, dict[int, Decimal | int | None]]) -> list[dict]:
    indicators = KpiIndicator.objects.filter(organisation=organisation, is_active=True).prefetch_related(
        Prefetch("targets", queryset=KpiTarget.objects.order_by("year"))
    )
    result = []
    for indicator in indicators:
        series = computed.get(indicator.measure, {})
        rows = []
        for target in indicator.targets.all():
            rows.append(
                {
                    "year": target.year,
                    "label": fy_label(target.year),
                    "target": target.target,
                    "actual": target.actual,
                    "computed": series.get(target.year) if target.year in years else None,
                    "met": _met(target.target, target.actual if target.actual is not None else series.get(target.year)),
                }
            )
        result.append({"indicator": indicator, "rows": rows})
    return result


def _met(target, actual) -> bool | None:
    if target is None or actual is None:
        return None
    return Decimal(actual) >= Decimal(target)


def kpi_summary(*, organisation: Organisation, year: int, area: Area | None = None) -> KpiSummary:
    """All the carer KPIs for one council's financial year, optionally within one area."""
    summary = KpiSummary(organisation=organisation, year=year, area=area)
    parents = dict(Area.objects.values_list("id", "parent_id"))
    area_ids = area_subtree_ids(area.pk, parents) if area else None

    estimates = list(
        AreaEstimate.objects.filter(year=year, area__council=organisation).select_related("area").order_by("area__name")
    )
    if area_ids is not None:
        estimates = [estimate for estimate in estimates if estimate.area_id in area_ids]
    history = list(range(year - HISTORY_YEARS + 1, year + 1))
    horizon = max([year] + [year + e.trajectory_years for e in estimates if e.annual_increase_points > 0])
    years = sorted(set(history) | set(range(year, horizon + 1)))

    by_area, totals = _known_counts(organisation, years, area_ids)
    summary.known_total = totals[year]
    rolled_now = _roll_up(by_area, parents, year)
    for estimate in estimates:
        known = rolled_now.get(estimate.area_id, 0)
        best = max(known, estimate.known_baseline or 0)
        summary.known_rows.append(
            KnownRow(
                area=estimate.area,
                estimate=estimate,
                known=known,
                reported=estimate.known_baseline,
                share=percent(best, estimate.estimated_carers),
            )
        )

    today = timezone.localdate()
    rolled_by_year = {y: _roll_up(by_area, parents, y) for y in range(year, horizon + 1)}
    for estimate in estimates:
        if estimate.annual_increase_points <= 0:
            continue
        register_known = rolled_by_year[year].get(estimate.area_id, 0)
        baseline = estimate.known_baseline if estimate.known_baseline is not None else register_known
        baseline_share = percent(baseline, estimate.estimated_carers) or Decimal("0")
        points = []
        for step in range(1, estimate.trajectory_years + 1):
            y = year + step
            share = min(HUNDRED, baseline_share + estimate.annual_increase_points * step)
            # Carers known cannot fall below the baseline: those known then are still known.
            actual = max(rolled_by_year[y].get(estimate.area_id, 0), baseline) if fy_start(y) <= today else None
            points.append(
                TrajectoryPoint(
                    year=y,
                    label=fy_label(y),
                    target_share=share.quantize(Decimal("0.1")),
                    target_known=int((share * estimate.estimated_carers / HUNDRED).to_integral_value(ROUND_HALF_UP)),
                    actual_known=actual,
                    actual_share=percent(actual, estimate.estimated_carers),
                )
            )
        summary.trajectories.append(
            Trajectory(estimate=estimate, baseline_known=baseline, baseline_share=baseline_share, points=points)
        )

    summary.assessments = _assessments_by_year(organisation, history, area_ids)
    numerators = _ni135_numerators(organisation, history, area_ids)
    summary.grants = _grants_by_year(organisation, history, area_ids)

    ni135_series = {y: percent(numerators.get(y, 0), totals[y]) for y in history}
    computed = {
        KpiMeasure.NI135: ni135_series,
        KpiMeasure.KNOWN_SHARE: {},
        KpiMeasure.ASSESSMENTS: {row["year"]: row["total"] for row in summary.assessments},
        KpiMeasure.NEW_CARERS: {y: totals[y] - totals.get(y - 1, 0) for y in history if y - 1 in totals},
        KpiMeasure.GRANTS: {row["year"]: row["awards"] for row in summary.grants},
    }
    total_estimate = sum(e.estimated_carers for e in estimates if e.area_id not in _nested(estimates, parents))
    if total_estimate:
        computed[KpiMeasure.KNOWN_SHARE] = {year: percent(totals[year], total_estimate)}
    summary.indicators = _indicators(organisation, history, computed)
    ni135_targets = {}
    for item in summary.indicators:
        if item["indicator"].measure == KpiMeasure.NI135:
            ni135_targets = {row["year"]: row["target"] for row in item["rows"]}
            break
    summary.ni135 = [
        {
            "year": y,
            "label": fy_label(y),
            "numerator": numerators.get(y, 0),
            "known": totals[y],
            "value": ni135_series[y],
            "target": ni135_targets.get(y),
        }
        for y in history
    ]
    summary.new_by_month, summary.sources = _new_by_month(organisation, year, area_ids)
    return summary


KPI_CACHE_VERSION_KEY = "carers:kpis:version"  # every council's figures


def kpi_cache_version_key(organisation_id: int | None = None) -> str:
    """The cache key of the version of one council's KPI figures (of every council's when None)."""
    return KPI_CACHE_VERSION_KEY if organisation_id is None else f"{KPI_CACHE_VERSION_KEY}:{organisation_id}"


def kpi_cache_seconds() -> int:
    return int(getattr(settings, "CARER_KPI_CACHE_SECONDS", 900))


def _kpi_cache_key(organisation: Organisation, year: int, area: Area | None) -> str:
    # Both versions in the key: a write bumps its council's, an edit of shared figures bumps all.
    keys = [kpi_cache_version_key(), kpi_cache_version_key(organisation.pk)]
    versions = cache.get_many(keys)
    overall, own = (versions.get(key) or 1 for key in keys)
    return f"carers:kpis:{overall}.{own}:{organisation.pk}:{year}:{area.pk if area else 0}"


def kpi_summary_refresh(*, organisation: Organisation, year: int, area: Area | None = None) -> KpiSummary:
    """Count the KPIs now and put them in the cache (the warming task calls this)."""
    summary = kpi_summary(organisation=organisation, year=year, area=area)
    if kpi_cache_seconds() > 0:
        cache.set(_kpi_cache_key(organisation, year, area), summary, kpi_cache_seconds())
    return summary


def kpi_summary_cached(*, organisation: Organisation, year: int, area: Area | None = None) -> KpiSummary:
    """kpi_summary() through Django's cache (Redis in production) for CARER_KPI_CACHE_SECONDS.

    At 1,000,000 carers in one council the figures take seconds to count (measured 2–6 s on the
    development machine), so the page serves them from the cache: KPIs are yearly figures, and a new
    every service that changes what they count bumps the council's cache version on commit
    (carers.kpis.services.kpi_cache_bump), so a write shows at once and a figure never disagrees
    with another page; the expiry only bounds what a write made outside the services could leave."""
    seconds = kpi_cache_seconds()
    if seconds <= 0:
        return kpi_summary(organisation=organisation, year=year, area=area)
    summary = cache.get(_kpi_cache_key(organisation, year, area))
    if summary is None:
        summary = kpi_summary_refresh(organisation=organisation, year=year, area=area)
    return summary


def _nested(estimates: list[AreaEstimate], parents: dict[int, int | None]) -> set[int]:
    """Estimate areas that sit inside another estimate's area (so a county total is not counted twice)."""
    ids = {e.area_id for e in estimates}
    return {e.area_id for e in estimates if any(a in ids for a in _ancestors(e.area_id, parents)[1:])}


def area_estimate_list(*, organisation: Organisation | None = None) -> QuerySet[AreaEstimate]:
    """Area estimates with their areas, for the estimates page and API."""
    qs = AreaEstimate.objects.select_related("area", "area__council")
    if organisation is not None:
        qs = qs.filter(area__council=organisation)
    return qs


def kpi_indicator_list(*, organisation: Organisation | None = None) -> QuerySet[KpiIndicator]:
    """Indicators with their organisation and number of yearly targets."""
    qs = KpiIndicator.objects.select_related("organisation").annotate(target_count=Count("targets"))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def kpi_target_list() -> QuerySet[KpiTarget]:
    return KpiTarget.objects.select_related("indicator", "indicator__organisation")
