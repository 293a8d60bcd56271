"""Writes for carer KPIs: area estimates, indicators and their yearly targets."""

from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Area, Organisation
from carers.kpis.selectors import kpi_cache_version_key
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from common.writes import model_full_clean, model_save


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


def _lock_parent(model, pk: int) -> None:
    """Lock the row that owns the (parent, year) rows about to be set, until this transaction ends.

    select_for_update() on the (parent, year) row itself locks nothing when the row does not exist
    yet: two requests saving the same new year both found none, both inserted, and the second
    failed on the unique constraint (a 500). Locking the parent, which always exists, makes the
    second request wait until the first commits; it then finds the first's row and replaces it,
    so the later save wins. (model_save would still turn a constraint violation into a field error.)
    """
    model.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True).first()


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
    """Record an area's estimated carer population for a year, replacing any earlier figure for it.

    Two people saving the same new (area, year) at once: the second waits for the first and then
    replaces its figure (see _lock_parent)."""
    _lock_parent(Area, area.pk)
    estimate = AreaEstimate.objects.filter(area=area, year=year).first() or AreaEstimate(area=area, year=year)
    model_save(
        estimate,
        estimated_carers=estimated_carers,
        known_baseline=known_baseline,
        annual_increase_points=annual_increase_points,
        trajectory_years=trajectory_years,
        source=source,
    )
    kpi_cache_bump()
    return estimate


@transaction.atomic
def area_estimate_update(*, estimate: AreaEstimate, **fields) -> AreaEstimate:
    """Change an estimate's figures (the API's PUT/PATCH)."""
    model_save(estimate, **fields)
    kpi_cache_bump()
    return estimate


@transaction.atomic
def kpi_indicator_save(
    *, indicator: KpiIndicator | None = None, organisation: Organisation | None = None, **fields
) -> KpiIndicator:
    """Create an indicator for an organisation, or change one."""
    indicator = model_save(indicator or KpiIndicator(organisation=organisation), **fields)
    # A changed unit may make existing targets invalid (a 4,500 target on a percentage).
    for target in indicator.targets.all():
        target.indicator = indicator
        model_full_clean(target)
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
    """Set an indicator's target (and entered actual) for a year, replacing any earlier one.

    Two officers saving the same new year at once: the second waits for the first and then
    replaces its figures (see _lock_parent)."""
    _lock_parent(KpiIndicator, indicator.pk)
    row = KpiTarget.objects.filter(indicator=indicator, year=year).first() or KpiTarget(indicator=indicator, year=year)
    model_save(row, target=target, actual=actual, note=note)
    kpi_cache_bump()
    return row


@transaction.atomic
def kpi_target_update(*, target: KpiTarget, **fields) -> KpiTarget:
    """Change one year's target (the API's PUT/PATCH)."""
    model_save(target, **fields)
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
