"""Writes for carer KPIs: area estimates, indicators and their yearly targets."""

from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Area, Organisation
from carers.kpis.selectors import kpi_cache_version_key
from carers.models import AreaEstimate, KpiIndicator, KpiTarget


def kpi_cache_bump(*, organisation_id: int | None = None) -> None:
    """Make the KPI page and API recount (carers.kpis.selectors.kpi_summary_cached) once this write
    commits: one council's figures, or every council's when `organisation_id` is None.

    Every service that changes what the KPIs count (carers, contacts, assessments, grants, vouchers,
    information given, imports, merges, erasure, estimates, indicators and targets) calls this, so a
    figure never lags the write that changed it. Bumped after the commit, not before: a page counting
    in between would otherwise cache the old figures under the new version."""
    key = kpi_cache_version_key(organisation_id)

    def bump():
        try:
            cache.incr(key)
        except ValueError:  # no version yet
            cache.set(key, 2, None)

    transaction.on_commit(bump)


@transaction.atomic
def area_estimate_set(
    *,
    area: Area,
    year: int,
    estimated_carers: int,
    known_baseline: int | None = None,
    annual_increase_points: Decimal = Decimal("0"),
    trajectory_years: int = 3,
    source: str = "",
) -> AreaEstimate:
    """Record an area's estimated carer population for a year, replacing any earlier figure for it."""
    # Lock the (area, year) row if it exists so that two people saving at once do not both insert.
    estimate = AreaEstimate.objects.select_for_update().filter(area=area, year=year).first() or AreaEstimate(
        area=area, year=year
    )
    estimate.estimated_carers = estimated_carers
    estimate.known_baseline = known_baseline
    estimate.annual_increase_points = annual_increase_points
    estimate.trajectory_years = trajectory_years
    estimate.source = source
    estimate.full_clean()
    estimate.save()
    kpi_cache_bump()
    return estimate


@transaction.atomic
def area_estimate_update(*, estimate: AreaEstimate, **fields) -> AreaEstimate:
    """Change an estimate's figures (the API's PUT/PATCH)."""
    for name, value in fields.items():
        setattr(estimate, name, value)
    estimate.full_clean()
    estimate.save()
    kpi_cache_bump()
    return estimate


@transaction.atomic
def kpi_indicator_save(
    *, indicator: KpiIndicator | None = None, organisation: Organisation | None = None, **fields
) -> KpiIndicator:
    """Create an indicator for an organisation, or change one."""
    indicator = indicator or KpiIndicator(organisation=organisation)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    # A changed unit may make existing targets invalid (a 4,500 target on a percentage).
    for target in indicator.targets.all():
        target.indicator = indicator
        target.full_clean()
    kpi_cache_bump()
    return indicator


@transaction.atomic
def kpi_target_set(
    *,
    indicator: KpiIndicator,
    year: int,
    target: Decimal | None = None,
    actual: Decimal | None = None,
    note: str = "",
) -> KpiTarget:
    """Set an indicator's target (and entered actual) for a year, replacing any earlier one."""
    row = KpiTarget.objects.select_for_update().filter(indicator=indicator, year=year).first() or KpiTarget(
        indicator=indicator, year=year
    )
    row.target = target
    row.actual = actual
    row.note = note
    row.full_clean()
    row.save()
    kpi_cache_bump()
    return row


@transaction.atomic
def kpi_target_update(*, target: KpiTarget, **fields) -> KpiTarget:
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean()
    target.save()
    kpi_cache_bump()
    return target


@transaction.atomic
def kpi_target_delete(*, target: KpiTarget) -> None:
    target.delete()
    kpi_cache_bump()


class TargetRowErrors(ValidationError):
    """Errors in some of the yearly target rows: `rows` maps the row's index to its ValidationError."""

    def __init__(self, rows: dict[int, ValidationError]):
        super().__init__("Some yearly targets need correcting.")
        self.rows = rows


@transaction.atomic
def kpi_indicator_save_with_targets(
    *, indicator: KpiIndicator | None = None, organisation: Organisation | None = None, fields: dict, rows: list[dict]
) -> KpiIndicator:
    """Save an indicator and its yearly targets from the edit page, all or nothing.

    Each row sets one year's target and entered actual; a row marked DELETE removes that year.
    Every row is checked, and all the rows' errors are reported together (TargetRowErrors)."""
    indicator = kpi_indicator_save(indicator=indicator, organisation=organisation, **fields)
    errors: dict[int, ValidationError] = {}
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row.get("DELETE"):
            KpiTarget.objects.filter(indicator=indicator, year=row["year"]).delete()
            continue
        if row["year"] in seen:
            errors[index] = ValidationError({"year": "This year is already in the list."})
            continue
        seen.add(row["year"])
        try:
            with transaction.atomic():
                kpi_target_set(
                    indicator=indicator,
                    year=row["year"],
                    target=row.get("target"),
                    actual=row.get("actual"),
                    note=row.get("note", ""),
                )
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        raise TargetRowErrors(errors)  # rolls back the indicator and every row
    return indicator


def kpi_cache_warm() -> int:
    """Count every council's KPI page (its default year, all areas) into the cache, so that the
    first commissioner of the day does not wait for the counts. Returns the number of councils."""
    from carers.kpis import selectors

    councils = list(selectors.organisations_for_kpis())
    for council in councils:
        selectors.kpi_summary_refresh(organisation=council, year=selectors.default_kpi_year(council))
    return len(councils)
