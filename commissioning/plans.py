"""The rules of procurement plans, in one place:

- which stages a template must give a duration: the route's way through the workflow table
  (choices.TRANSITIONS), from market engagement to live;
- the backward scheduling: the last stage before live ends the day before the new contract must
  start, and each stage before it ends the day before the next one starts;
- lateness: a procurement is late when today is past the planned start of a stage after its
  current one (it should have moved on by now), in SQL so that the board and the dashboard
  filter and count it in the database;
- the planned-vs-actual rows of a plan (actual dates from the stage transitions);
- when a contract's re-procurement may be planned (no extension option left).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from commissioning.choices import (
    DAYS_IN,
    ENDED_STAGES,
    PLANNED_STAGES,
    STAGE_ORDER,
    STANDSTILL_DAYS,
    ContractStatus,
    ProcurementRoute,
    Stage,
    allowed_next,
)
from commissioning.terms import options_label


def duration_field(stage: str) -> str:
    """The form (and error) field of a stage's duration: market_engagement_duration."""
    return f"{stage}_duration"


def unit_field(stage: str) -> str:
    return f"{stage}_unit"


# No stage lasts longer (so that a plan's dates stay in the calendar).
LONGEST_STAGE_DAYS = 520 * 7


# --- Templates ---------------------------------------------------------------------------------
def template_errors(route: str, durations: dict[str, tuple[int | None, str]]) -> dict[str, str]:
    """What is wrong with a template's durations for `route`, by field (empty when right).

    `durations` maps each stage to (duration or None, unit). A duration is 1 or more; the stages
    given, in pipeline order and followed by live, must be a way the workflow table allows for the
    route: a stage the route must pass through needs a duration ("missing"), a stage it never
    passes through must be left empty. The standstill lasts at least STANDSTILL_DAYS."""
    errors: dict[str, str] = {}
    for stage in PLANNED_STAGES:
        value, unit = durations.get(stage, (None, ""))
        if value is not None and value <= 0:
            errors[duration_field(stage)] = "A duration is a whole number of days or weeks, 1 or more."
        elif value is not None and value * DAYS_IN.get(unit, 1) > LONGEST_STAGE_DAYS:
            errors[duration_field(stage)] = "A stage lasts at most 10 years (520 weeks)."
    if errors:
        return errors
    given = [stage for stage in PLANNED_STAGES if durations.get(stage, (None, ""))[0] is not None]
    if Stage.MARKET_ENGAGEMENT not in given:
        errors[duration_field(Stage.MARKET_ENGAGEMENT)] = (
            "Give market engagement a duration: every procurement starts with it."
        )
        return errors
    route_label = ProcurementRoute(route).label.lower() if route in ProcurementRoute.values else "procurement"
    current = Stage.MARKET_ENGAGEMENT
    for following in [*given[1:], Stage.LIVE]:
        options = allowed_next(current, route)
        if following in options:
            current = following
            continue
        earlier = [stage for stage in options if STAGE_ORDER[stage] < STAGE_ORDER[following]]
        if earlier:
            missing = earlier[-1]
            choices = " or ".join(Stage(stage).label.lower() for stage in options)
            errors[duration_field(missing)] = (
                f"Give {Stage(missing).label.lower()} a duration: after {Stage(current).label.lower()} "
                f"a {route_label} moves to {choices}."
            )
            current = following
        else:
            errors[duration_field(following)] = (
                f"A {route_label} has no {Stage(following).label.lower()} stage after "
                f"{Stage(current).label.lower()}: leave it empty."
            )
    standstill, unit = durations.get(Stage.STANDSTILL, (None, ""))
    if standstill is not None and unit in DAYS_IN and standstill * DAYS_IN[unit] < STANDSTILL_DAYS:
        errors.setdefault(duration_field(Stage.STANDSTILL), f"The standstill lasts at least {STANDSTILL_DAYS} days.")
    return errors


# --- Backward scheduling -----------------------------------------------------------------------
@dataclass(frozen=True)
class Scheduled:
    stage: str
    starts_on: date
    ends_on: date | None  # live has no end


def schedule(stages: list[tuple[str, int]], must_start_on: date) -> list[Scheduled]:
    """Every stage of `stages` [(stage, days)], in pipeline order, scheduled backwards from the
    day the new contract must start: the last one ends the day before, each one before it ends
    the day before the next starts; then live, from `must_start_on`."""
    rows: list[Scheduled] = []
    end = must_start_on - timedelta(days=1)
    for stage, days in reversed(stages):
        start = end - timedelta(days=days - 1)
        rows.append(Scheduled(stage, start, end))
        end = start - timedelta(days=1)
    rows.reverse()
    rows.append(Scheduled(Stage.LIVE, must_start_on, None))
    return rows


def must_start_error(must_start_on: date, today: date) -> str | None:
    """A new plan's (or a changed) must-start date cannot be in the past."""
    if must_start_on < today:
        return f"The new contract must start today ({today:%-d %B %Y}) or later."
    return None


# --- Lateness ----------------------------------------------------------------------------------
def _stage_position():
    return Case(
        *[When(stage=stage, then=Value(position)) for stage, position in STAGE_ORDER.items()],
        output_field=IntegerField(),
    )


def annotate_lateness(queryset: QuerySet, today: date) -> QuerySet:
    """Procurements with `is_late`: their plan has a stage after the current one whose planned
    start is today or earlier (it should have moved on by now), and they have not gone live or
    been cancelled. A procurement without a plan is never late. An EXISTS per row on the index
    planned_stage_next_idx (plan, position, starts_on): about 40 ms over 10,000 planned
    procurements, a third of a subquery reading each one's next start."""
    from commissioning.models import PlannedStage

    behind = PlannedStage.objects.filter(
        plan_id=OuterRef("plan__id"), position__gt=OuterRef("stage_position"), starts_on__lte=today
    )
    return queryset.annotate(stage_position=_stage_position()).annotate(
        is_late=Case(
            When(stage__in=ENDED_STAGES, then=Value(False)),
            When(Exists(behind), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def annotate_late_since(queryset: QuerySet) -> QuerySet:
    """Procurements with `late_since`: the planned start of their plan's first stage after the
    current one, the day they should move on (a subquery per row: for the few rows a page shows)."""
    from commissioning.models import PlannedStage

    following = (
        PlannedStage.objects.filter(plan_id=OuterRef("plan__id"), position__gt=OuterRef("stage_position"))
        .order_by("position")
        .values("starts_on")[:1]
    )
    if "stage_position" not in queryset.query.annotations:
        queryset = queryset.annotate(stage_position=_stage_position())
    return queryset.annotate(late_since=Subquery(following))


# --- Planned against actual --------------------------------------------------------------------
@dataclass(frozen=True)
class PlanRow:
    stage: str
    label: str
    planned_start: date
    planned_end: date | None
    actual_start: date | None
    moved_on: date | None
    status: str  # done, current, passed (the route skipped it), to come
    late: bool


def plan_rows(procurement, planned: list, transitions: list, today: date) -> list[PlanRow]:
    """Each planned stage with its actual start (the transition into it; market engagement: the
    day the procurement was recorded) and the day it moved on (the transition out of it), whether
    it is done, current, passed by or to come, and whether it is late: current past its planned
    end, or done after it."""
    entered: dict[str, date] = {}
    left: dict[str, date] = {}
    for transition in sorted(transitions, key=lambda t: (t.on, t.pk)):
        entered.setdefault(transition.to_stage, transition.on)
        left.setdefault(transition.from_stage, transition.on)
    if procurement.created_at:
        from django.utils import timezone

        entered.setdefault(Stage.MARKET_ENGAGEMENT, timezone.localdate(procurement.created_at))
    current_position = STAGE_ORDER[procurement.stage]
    rows = []
    for row in planned:
        moved_on = left.get(row.stage)
        if moved_on is not None:
            status = "done"
            late = row.ends_on is not None and moved_on > row.ends_on + timedelta(days=1)
        elif procurement.stage == row.stage:
            status = "current"
            late = row.ends_on is not None and today > row.ends_on and row.stage not in ENDED_STAGES
        elif procurement.stage != Stage.CANCELLED and STAGE_ORDER[row.stage] < current_position:
            status, late = "passed", False
        else:
            status = "to come"
            late = procurement.stage not in ENDED_STAGES and today > row.starts_on
        rows.append(
            PlanRow(
                row.stage,
                Stage(row.stage).label,
                row.starts_on,
                row.ends_on,
                entered.get(row.stage),
                moved_on,
                status,
                late,
            )
        )
    return rows


# --- Re-procurement ----------------------------------------------------------------------------
def reprocurement_refusal(contract, today: date) -> str | None:
    """Why the re-procurement of `contract` cannot be planned (None: it can). Needs the contract's
    current terms (with_current() or its amendments) and, where annotated, `open_reprocurement`."""
    if contract.status == ContractStatus.TERMINATED:
        return "This contract was terminated early: there is no contract end to plan a re-procurement for."
    end = contract.current.end
    if end < today:
        return (
            f"This contract ran out on {end:%-d %B %Y}: a plan's new contract must start on a date still to come. "
            "Start a procurement instead."
        )
    left = contract.options_left
    if left:
        return (
            f"This contract still has an extension option left ({options_label(left)}): exercise it, or plan the "
            "re-procurement once no option is left."
        )
    return None


def reprocurement_start(contract) -> date:
    """The date the re-procured contract must start: the day after the contract runs out."""
    return contract.current.end + timedelta(days=1)
