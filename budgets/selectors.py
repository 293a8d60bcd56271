"""Read use-cases of the budgets app: querysets shaped for the pages, the API and the exports."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from budgets.commitments import Commitment
from budgets.commitments import sources as commitment_sources
from budgets.models import Allocation, AllocationGroup, Budget
from budgets.services import ZERO, allocated_total, contributions_total
from common.years import fy_end, fy_label, fy_start


def _sum_of(queryset) -> Subquery:
    return Subquery(queryset.values("budget").annotate(s=Sum("amount")).values("s")[:1])


def budget_list(user) -> QuerySet:
    """The user's budgets, each with `allocated` (ungrouped lines plus each group's shared amount,
    as allocated_total counts it) in the same query."""
    lines = Allocation.objects.filter(budget=OuterRef("pk"), group__isnull=True)
    groups = AllocationGroup.objects.filter(budget=OuterRef("pk"))
    return (
        Budget.objects.visible_to(user)
        .select_related("organisation", "accountable_body")
        .annotate(allocated=Coalesce(_sum_of(lines), ZERO) + Coalesce(_sum_of(groups), ZERO))
    )


def allocation_rows(budget: Budget) -> QuerySet:
    """A budget's lines in order, each with `allocated`: its own amount, or (on the first line
    of a group only) the group's shared amount, so that the column adds up to what is allocated."""
    earlier_in_group = Allocation.objects.filter(group_id=OuterRef("group_id")).filter(
        Q(position__lt=OuterRef("position")) | Q(position=OuterRef("position"), id__lt=OuterRef("id"))
    )
    return (
        Allocation.objects.filter(budget=budget)
        .select_related("service_line", "delivery_method", "funding_stream", "group")
        .annotate(
            first_in_group=~Exists(earlier_in_group),
            allocated=Case(
                When(group__isnull=True, then=F("amount")),
                When(first_in_group=True, then=F("group__amount")),
                default=None,
            ),
        )
        .order_by("position", "id")
    )


@dataclass(frozen=True)
class BudgetTotals:
    total: Decimal
    funded: Decimal
    allocated: Decimal

    @property
    def unallocated(self) -> Decimal:
        return self.total - self.allocated

    @property
    def funding_difference(self) -> Decimal:
        """Contributions minus total: zero when the funding adds up."""
        return self.funded - self.total


def budget_totals(budget: Budget, *, allocated: Decimal | None = None) -> BudgetTotals:
    """`allocated` when the caller has it already (budget_figures() sums it too)."""
    if allocated is None:
        allocated = allocated_total(budget)
    return BudgetTotals(total=budget.total, funded=contributions_total(budget), allocated=allocated)


def allocation_by_service_line(budget: Budget) -> list[dict]:
    """Allocated per service line (a group's shared amount counts on its first line's service
    line), summed in the database, largest first: the chart and its data table."""
    rows = (
        allocation_rows(budget)
        .order_by()
        .values("service_line__name")
        .annotate(total=Sum("allocated"))
        .order_by("-total", "service_line__name")
    )
    return [{"name": r["service_line__name"], "amount": r["total"] or ZERO} for r in rows]


def chart_data(by_line: list[dict]) -> dict:
    return {
        "by_service_line": {
            "labels": [r["name"] for r in by_line],
            "series": [{"label": "Allocated (£)", "data": [float(r["amount"]) for r in by_line]}],
        }
    }


# --- Committed, spent, remaining, forecast outturn -------------------------------------------------
def _spent_on_line():
    from budgets.models import Spend

    return Coalesce(
        Subquery(
            Spend.objects.filter(allocation=OuterRef("pk"))
            .order_by()
            .values("allocation")
            .annotate(s=Sum("amount"))
            .values("s")[:1]
        ),
        ZERO,
    )


def budget_commitments(budget: Budget) -> list[tuple[str, Commitment]]:
    """(source label, commitment) for every record of every registered source (contracts, care
    packages) committing the budget's organisation's money in its financial year."""
    start, end = fy_start(budget.year), fy_end(budget.year)
    return [
        (source.label, item)
        for source in commitment_sources()
        for item in source.fetch(start, end, budget.organisation_id)
        if item.amount
    ]


def match_line(lines_by_service: dict[int, list], item: Commitment):
    """The line a commitment counts against: of the lines of its service line, the one that also
    has its delivery method (then its funding stream), the earliest on the page on a tie; None
    when the budget has no line of that service line."""
    candidates = lines_by_service.get(item.service_line_id) or []
    best, best_score = None, -1
    for line in candidates:
        score = 2 * (item.delivery_method_id is not None and line.delivery_method_id == item.delivery_method_id) + (
            item.funding_stream_id is not None and line.funding_stream_id == item.funding_stream_id
        )
        if score > best_score:
            best, best_score = line, score
    return best


@dataclass
class Figures:
    """Allocated, committed, spent, and what follows from them, for a line, a group or a budget."""

    allocated: Decimal | None = None
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def outturn(self) -> Decimal:
        """Forecast outturn: spend to date plus what is committed and not yet spent."""
        return self.spent + max(self.committed - self.spent, ZERO)

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the allocation after the forecast outturn (negative when over)."""
        return None if self.allocated is None else self.allocated - self.outturn

    @property
    def over(self) -> bool:
        """Commitments or spend exceed the allocation."""
        return self.allocated is not None and (self.committed > self.allocated or self.spent > self.allocated)


@dataclass
class BudgetFigures:
    lines: list
    budget: Figures
    unmatched: list[tuple[str, Commitment]] = field(default_factory=list)
    grants_spent: Decimal = ZERO
    grants_awards: int = 0

    @property
    def unmatched_total(self) -> Decimal:
        return sum((item.amount for _, item in self.unmatched), ZERO)


def budget_figures(budget: Budget) -> BudgetFigures:
    """Every line of the budget with `committed`, `spent`, `outturn`, `remaining` and `over`
    (a grouped line's remaining and flag are its group's, on the group's first line), and the
    budget's own figures. Spend per line is summed in the line query; each commitment source is
    one query however many lines; the carers grants paid in the year one more: the page's query
    count does not grow with its lines."""
    from carers.grants.selectors import grant_spend_by_year

    lines = list(allocation_rows(budget).annotate(spent=_spent_on_line()))
    by_service: dict[int, list] = {}
    for line in lines:
        line.committed = ZERO
        by_service.setdefault(line.service_line_id, []).append(line)
    unmatched = []
    for label, item in budget_commitments(budget):
        line = match_line(by_service, item)
        if line is None:
            unmatched.append((label, item))
        else:
            line.committed += item.amount
    groups: dict[int, Figures] = {}
    for line in lines:
        line.figures = Figures(allocated=line.allocated, committed=line.committed, spent=line.spent)
        if line.group_id:
            group = groups.setdefault(line.group_id, Figures(allocated=line.group.amount))
            group.committed += line.committed
            group.spent += line.spent
    for line in lines:
        own = groups[line.group_id] if line.group_id else line.figures
        line.outturn = line.figures.outturn
        shown = own if (not line.group_id or line.first_in_group) else None
        line.remaining = shown.remaining if shown else None
        line.over = shown.over if shown else False
    grants = next((row for row in grant_spend_by_year(budget.organisation) if row["year"] == budget.year), None)
    grants_spent = grants["amount"] if grants else ZERO
    totals = Figures(
        allocated=allocated_total(budget),
        committed=sum((line.committed for line in lines), ZERO) + sum((i.amount for _, i in unmatched), ZERO),
        spent=sum((line.spent for line in lines), ZERO) + grants_spent,
    )
    return BudgetFigures(
        lines=lines,
        budget=totals,
        unmatched=unmatched,
        grants_spent=grants_spent,
        grants_awards=grants["awards"] if grants else 0,
    )


def spend_list(budget: Budget) -> QuerySet:
    """The budget's spend by line and month, newest month first."""
    from budgets.models import Spend

    return (
        Spend.objects.filter(allocation__budget=budget)
        .select_related("allocation", "recorded_by")
        .order_by("-month", "allocation__position", "allocation_id")
    )


__all__ = ["ZERO", "BudgetTotals", "allocation_rows", "budget_figures", "budget_list", "budget_totals"]


def figures_by_service_line(figures: BudgetFigures) -> list[dict]:
    """Allocated, committed and spent per service line (a group's shared amount on its first
    line's service line), in the order of the page: the chart and its table."""
    rows: dict[str, dict] = {}
    for line in figures.lines:
        row = rows.setdefault(
            line.service_line.name,
            {"name": line.service_line.name, "allocated": ZERO, "committed": ZERO, "spent": ZERO},
        )
        row["allocated"] += line.allocated or ZERO
        row["committed"] += line.committed
        row["spent"] += line.spent
    return list(rows.values())


def allocated_largest_first(by_line_figures: list[dict]) -> list[dict]:
    """figures_by_service_line()'s allocations as allocation_by_service_line() gives them (largest
    first), without querying the lines again."""
    rows = sorted(by_line_figures, key=lambda r: (-r["allocated"], r["name"]))
    return [{"name": r["name"], "amount": r["allocated"]} for r in rows]


def funding_year_on_year(budget: Budget) -> dict:
    """What each funding stream (or combination given without a split) contributed to the
    organisation's budgets year by year: {"years": [labels], "rows": [{"name", "amounts"}]}."""
    from budgets.models import FundingContribution

    contributions = (
        FundingContribution.objects.filter(budget__organisation_id=budget.organisation_id)
        .select_related("budget")
        .prefetch_related("streams")
        .order_by("budget__year", "id")
    )
    years: list[int] = []
    by_stream: dict[str, dict[int, Decimal]] = {}
    for contribution in contributions:
        year = contribution.budget.year
        if year not in years:
            years.append(year)
        names = sorted(stream.name for stream in contribution.streams.all())
        name = names[0] if len(names) == 1 else " + ".join(names) + " (combined, no split given)"
        amounts = by_stream.setdefault(name, {})
        amounts[year] = amounts.get(year, ZERO) + contribution.amount
    years.sort()
    return {
        "years": [fy_label(year) for year in years],
        "rows": [
            {"name": name, "amounts": [amounts.get(y, ZERO) for y in years]} for name, amounts in by_stream.items()
        ],
    }
