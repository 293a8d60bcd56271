"""The budget breakdown for committee reports: every line with its service line, delivery method,
funding stream, group, allocated, committed, spent, forecast outturn, remaining and the flag where
commitments or spend exceed the allocation, through the shared COPY-based export (CSV), and as an
XLSX workbook with a totals row, £ formats and a sheet per view.

Committed amounts come from the registered commitment sources (other apps' records, read in
Python); they enter the export query as constants per line (`CASE id WHEN ...`), only for the lines
something commits, so that the rows themselves are still formatted by PostgreSQL's COPY."""

from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from budgets.models import Allocation, Budget
from budgets.models.budgets import MONEY
from budgets.selectors import (
    ZERO,
    allocation_rows,
    budget_commitments,
    match_line,
)
from common.exports import Column, Kind

MONEY_FIELD = DecimalField(**MONEY)


def breakdown_columns(budget: Budget) -> list[Column]:
    return [
        Column("Line", "description"),
        Column("Service line", "service_line__name"),
        Column("Delivery method", "delivery_method__name"),
        Column("Funding stream", "funding_stream__name"),
        Column("Group", "group__name"),
        Column("Allocated", "allocated", Kind.MONEY),
        Column("Committed", "committed", Kind.MONEY),
        Column("Spent", "spent", Kind.MONEY),
        Column("Remaining", "remaining", Kind.MONEY),
        Column("Forecast outturn", "outturn", Kind.MONEY),
        Column("Over allocation", "over", Kind.BOOL),
        Column("Financial year", Value(budget.year_label), Kind.TEXT),
        Column("Note", "note"),
    ]


def line_commitments(budget: Budget) -> tuple[dict[int, Decimal], Decimal]:
    """({line id: committed} for the lines something commits, matched as the budget page matches
    them (budgets.selectors.match_line), and what is committed on no line of the budget). Only the
    lines of the service lines committed are read."""
    items = [item for _, item in budget_commitments(budget)]
    service_lines = {item.service_line_id for item in items if item.service_line_id}
    # Of each (service line, delivery method, funding stream) only its earliest line can be
    # chosen, so only those are read: a budget of a million lines reads a handful here.
    combos = (
        Allocation.objects.filter(budget=budget, service_line_id__in=service_lines)
        .order_by()
        .values("service_line_id", "delivery_method_id", "funding_stream_id")
        .annotate(first=Min("position"))
    )
    wanted = Q(pk__in=[])
    for combo in combos:
        wanted |= Q(
            service_line_id=combo["service_line_id"],
            delivery_method_id=combo["delivery_method_id"],
            funding_stream_id=combo["funding_stream_id"],
            position=combo["first"],
        )
    by_service: dict[int, list] = {}
    for line in (
        Allocation.objects.filter(budget=budget)
        .filter(wanted)
        .order_by("position", "id")
        .only("id", "service_line_id", "delivery_method_id", "funding_stream_id")
    ):
        by_service.setdefault(line.service_line_id, []).append(line)
    committed: dict[int, Decimal] = {}
    unmatched = ZERO
    for item in items:
        line = match_line(by_service, item)
        if line is None:
            unmatched += item.amount
        else:
            committed[line.pk] = committed.get(line.pk, ZERO) + item.amount
    return committed, unmatched


def _spent_joined():
    """A line's spend as SUM over a join to its spend rows, grouped by line: the export's columns
    use it four times and PostgreSQL computes one aggregate once (a correlated subquery would be
    run again for every use, on every row)."""
    return Coalesce(Sum("spend__amount"), ZERO)


def by_service_line(budget: Budget, committed: dict[int, Decimal]) -> list[tuple]:
    """(service line, allocated, committed, spent) per service line, each summed in the database
    by its own grouped query (the workbook's sheet; it never holds every line)."""
    from budgets.models import Spend
    from budgets.selectors import allocation_by_service_line

    rows = {r["name"]: [r["amount"], ZERO, ZERO] for r in allocation_by_service_line(budget)}
    spent = (
        Spend.objects.filter(allocation__budget=budget)
        .order_by()
        .values("allocation__service_line__name")
        .annotate(s=Sum("amount"))
    )
    for r in spent:
        rows.setdefault(r["allocation__service_line__name"], [ZERO, ZERO, ZERO])[2] += r["s"]
    names = dict(Allocation.objects.filter(pk__in=list(committed)).values_list("id", "service_line__name"))
    for pk, amount in committed.items():
        rows.setdefault(names[pk], [ZERO, ZERO, ZERO])[1] += amount
    return [(name, *values) for name, values in sorted(rows.items())]


def _constant_per_line(values: dict[int, Decimal]):
    if not values:
        return Value(ZERO, output_field=MONEY_FIELD)
    return Case(
        *(When(pk=pk, then=Value(amount)) for pk, amount in values.items()),
        default=Value(ZERO),
        output_field=MONEY_FIELD,
    )


def breakdown_queryset(budget: Budget, committed: dict[int, Decimal] | None = None):
    """The budget's lines in order with allocated, committed, spent, outturn, remaining and over,
    computed in SQL. A grouped line's remaining and flag are its group's, on its first line."""
    committed = line_commitments(budget)[0] if committed is None else committed
    rows = allocation_rows(budget).annotate(spent=_spent_joined(), committed=_constant_per_line(committed))
    rows = rows.annotate(
        outturn=ExpressionWrapper(F("spent") + Greatest(F("committed") - F("spent"), ZERO), output_field=MONEY_FIELD)
    )
    groups = _group_figures(budget, committed)
    remaining = [When(group__isnull=True, then=F("amount") - F("outturn"))]
    over = [When(Q(group__isnull=True) & (Q(committed__gt=F("amount")) | Q(spent__gt=F("amount"))), then=Value(True))]
    for first_line, (left, is_over) in groups.items():
        remaining.append(When(pk=first_line, then=Value(left)))
        over.append(When(pk=first_line, then=Value(is_over)))
    return rows.annotate(
        remaining=Case(*remaining, default=None, output_field=MONEY_FIELD),
        over=Case(*over, default=Value(False)),
    )


def _group_figures(budget: Budget, committed: dict[int, Decimal]) -> dict[int, tuple[Decimal, bool]]:
    """{first line of a group: (the group's remaining, its over flag)} (groups are few)."""
    from budgets.selectors import Figures

    members = list(
        allocation_rows(budget)
        .filter(group__isnull=False)
        .annotate(spent=_spent_joined())
        .values_list("id", "group_id", "group__amount", "first_in_group", "spent")
    )
    figures: dict[int, Figures] = {}
    first: dict[int, int] = {}
    for pk, group_id, amount, is_first, spent in members:
        group = figures.setdefault(group_id, Figures(allocated=amount))
        group.committed += committed.get(pk, ZERO)
        group.spent += spent
        if is_first:
            first[group_id] = pk
    return {pk: (figures[group_id].remaining, figures[group_id].over) for group_id, pk in first.items()}


def breakdown_totals(budget: Budget, committed: dict[int, Decimal], unmatched: Decimal) -> list[tuple]:
    """The rows after the lines, as (line, allocated, committed, spent, remaining, outturn, over):
    commitments on no line, carers' grants paid in the year (when there are any), and the total,
    with the budget page's own figures (budgets.selectors.Figures over the whole budget)."""
    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    from budgets.models import Spend
    from budgets.selectors import Figures
    from budgets.services import allocated_total
    from carers.grants.selectors import grant_spend_by_year

    spent = Spend.objects.filter(allocation__budget=budget).aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
    grants = next((r["amount"] for r in grant_spend_by_year(budget.organisation) if r["year"] == budget.year), ZERO)
    total = Figures(
        allocated=allocated_total(budget),
        committed=sum(committed.values(), ZERO) + unmatched,
        spent=spent + grants,
    )
    rows = []
    if unmatched:
        rows.append(("Commitments on service lines with no line", None, unmatched, None, None, None, None))
    if grants:
        rows.append(("Carers' grants and vouchers paid (carers records)", None, None, grants, None, None, None))
    rows.append(("Total", total.allocated, total.committed, total.spent, total.remaining, total.outturn, total.over))
    return rows


def totals_as_row(row: tuple, year_label: str) -> tuple:
    """A totals row in the breakdown's column order."""
    line, allocated, committed, spent, remaining, outturn, over = row
    return (line, None, None, None, None, allocated, committed, spent, remaining, outturn, over, year_label, None)


BREAKDOWN_FIELDS = (
    "description",
    "service_line__name",
    "delivery_method__name",
    "funding_stream__name",
    "group__name",
    "allocated",
    "committed",
    "spent",
    "remaining",
    "outturn",
    "over",
)
