"""Read use-cases of the budgets app: querysets shaped for the pages, the API and the exports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from budgets.models import Allocation, AllocationGroup, Budget
from budgets.services import ZERO, allocated_total, contributions_total


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


def budget_totals(budget: Budget) -> BudgetTotals:
    return BudgetTotals(total=budget.total, funded=contributions_total(budget), allocated=allocated_total(budget))


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


__all__ = ["ZERO", "BudgetTotals", "allocation_rows", "budget_list", "budget_totals"]
