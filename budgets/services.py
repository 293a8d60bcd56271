"""Every write of the budgets app and every rule that spans rows.

The rule that matters most: a budget's allocations never exceed its total. Each write that adds
to what is allocated (a line, a group, a changed amount) first locks the budget's row
(`select_for_update`) and sums what is allocated inside the same transaction, so twenty finance
officers saving at once are served one after another *on that budget only*: the lock is one row,
never the table, and other budgets' saves do not wait.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from budgets.choices import BUDGET_TRANSITIONS, BudgetStatus
from budgets.models import Allocation, AllocationGroup, Budget, FundingContribution, Virement
from common.errors import DomainError
from common.money import format_gbp
from common.writes import model_save

ZERO = Decimal("0.00")

# The rules' messages, written once next to their rules.
ONLY_DRAFTS_CHANGE = "This budget is {status}: its lines change only through a virement."
OVER_ALLOCATED = "This would allocate {over} more than the budget's total of {total}: {left} is left to allocate."
CONTRIBUTIONS_DIFFER = (
    "The funding contributions add up to {sum}, which is {diff} {direction} than the budget's total of {total}."
)


def _locked(budget: Budget) -> Budget:
    """The budget's row, locked until the transaction ends (one row: other budgets never wait)."""
    return Budget.objects.select_for_update().get(pk=budget.pk)


def _require_draft(budget: Budget) -> None:
    if budget.status != BudgetStatus.DRAFT:
        raise DomainError(ONLY_DRAFTS_CHANGE.format(status=budget.get_status_display().lower()))


def allocated_total(
    budget: Budget, *, excluding_line: int | None = None, excluding_group: int | None = None
) -> Decimal:
    """What is allocated: ungrouped lines' amounts plus each group's shared amount (in SQL)."""
    lines = Allocation.objects.filter(budget=budget, group__isnull=True)
    if excluding_line:
        lines = lines.exclude(pk=excluding_line)
    groups = AllocationGroup.objects.filter(budget=budget)
    if excluding_group:
        groups = groups.exclude(pk=excluding_group)
    line_sum = lines.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
    group_sum = groups.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
    return line_sum + group_sum


def contributions_total(budget: Budget) -> Decimal:
    return budget.contributions.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]


def _check_fits(budget: Budget, already: Decimal, amount: Decimal | None) -> None:
    if amount is None:
        return
    if already + amount > budget.total:
        left = max(budget.total - already, ZERO)
        raise DomainError(
            OVER_ALLOCATED.format(
                over=format_gbp(already + amount - budget.total), total=format_gbp(budget.total), left=format_gbp(left)
            ),
            field="amount",
            code="over_allocated",
        )


def _check_money(amount, field: str = "amount") -> None:
    """Negative amounts and more than two decimal places, before any lock is taken."""
    if amount is None:
        return
    if not isinstance(amount, Decimal):
        raise ValidationError({field: "Enter an amount in pounds and pence, for example 450600.00."})
    if amount < 0:
        raise ValidationError({field: "Enter an amount of £0.00 or more."})
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: "Enter the amount in pounds and pence: no more than 2 decimal places."})


# --- Budgets --------------------------------------------------------------------------------------
@transaction.atomic
def budget_create(
    *, organisation, year: int, total: Decimal, name: str = "Carers budget", accountable_body=None, note: str = ""
) -> Budget:
    """Start a draft budget for an organisation and financial year."""
    _check_money(total, "total")
    budget = Budget(organisation=organisation)
    return model_save(budget, year=year, total=total, name=name, accountable_body=accountable_body, note=note)


@transaction.atomic
def budget_update(*, budget: Budget, **fields) -> Budget:
    """Change a draft budget's details; its total may not fall below what is allocated."""
    budget = _locked(budget)
    _require_draft(budget)
    if "total" in fields:
        _check_money(fields["total"], "total")
        already = allocated_total(budget)
        if fields["total"] is not None and fields["total"] < already:
            raise DomainError(
                f"{format_gbp(already)} is already allocated: the total cannot be less than that.", field="total"
            )
    return model_save(budget, **fields)


@transaction.atomic
def contribution_add(*, budget: Budget, streams, amount: Decimal, partner=None, note: str = "") -> FundingContribution:
    """Record what one or more funding streams (combined, when a report gives no split) contribute."""
    budget = _locked(budget)
    _require_draft(budget)
    _check_money(amount)
    streams = list(streams)
    if not streams:
        raise ValidationError({"streams": "Choose at least one funding stream."})
    contribution = model_save(FundingContribution(budget=budget), amount=amount, partner=partner, note=note)
    contribution.streams.set(streams)
    return contribution


@transaction.atomic
def contribution_remove(*, contribution: FundingContribution) -> None:
    _require_draft(_locked(contribution.budget))
    contribution.delete()


def _transition(budget: Budget, to: str) -> None:
    if to not in BUDGET_TRANSITIONS[budget.status]:
        raise DomainError(f"A {budget.get_status_display().lower()} budget cannot become {to}.")


@transaction.atomic
def budget_approve(*, budget: Budget, user) -> Budget:
    """Approve a draft budget whose funding contributions add up to its total, to the penny."""
    if not user.has_perm("budgets.approve_budget"):
        raise PermissionDenied
    budget = _locked(budget)
    _transition(budget, BudgetStatus.APPROVED)
    funded = contributions_total(budget)
    if funded != budget.total:
        diff = funded - budget.total
        raise DomainError(
            CONTRIBUTIONS_DIFFER.format(
                sum=format_gbp(funded),
                diff=format_gbp(abs(diff)),
                direction="more" if diff > 0 else "less",
                total=format_gbp(budget.total),
            ),
            code="contributions_differ",
        )
    return model_save(budget, status=BudgetStatus.APPROVED, approved_by=user, approved_at=timezone.now())


@transaction.atomic
def budget_close(*, budget: Budget, user) -> Budget:
    """Close an approved budget at year end: nothing changes in it afterwards."""
    if not user.has_perm("budgets.close_budget"):
        raise PermissionDenied
    budget = _locked(budget)
    _transition(budget, BudgetStatus.CLOSED)
    return model_save(budget, status=BudgetStatus.CLOSED)


# --- Allocations ----------------------------------------------------------------------------------
@transaction.atomic
def group_save(*, budget: Budget, name: str, amount: Decimal, group: AllocationGroup | None = None) -> AllocationGroup:
    """Add or change a group of lines that share one amount; it counts against the total."""
    _check_money(amount)
    budget = _locked(budget)
    _require_draft(budget)
    _check_fits(budget, allocated_total(budget, excluding_group=group.pk if group else None), amount)
    return model_save(group or AllocationGroup(budget=budget), name=name, amount=amount)


@transaction.atomic
def group_delete(*, group: AllocationGroup) -> None:
    _require_draft(_locked(group.budget))
    if group.lines.exists():
        raise DomainError("Move or delete the group's lines first.")
    group.delete()


@transaction.atomic
def allocation_save(
    *,
    budget: Budget,
    service_line,
    description: str,
    amount: Decimal | None = None,
    delivery_method=None,
    funding_stream=None,
    group: AllocationGroup | None = None,
    note: str = "",
    allocation: Allocation | None = None,
) -> Allocation:
    """Add a line to a draft budget (or change one), refusing any amount beyond what is left."""
    _check_money(amount)
    if group is not None and group.budget_id != budget.pk:
        raise ValidationError({"group": "Choose a group of this budget."})
    if group is not None and amount is not None:
        raise ValidationError({"amount": "A line in a group shares the group's amount: leave this empty."})
    if group is None and amount is None:
        raise ValidationError({"amount": "Enter the line's amount, or put it in a group."})
    budget = _locked(budget)
    _require_draft(budget)
    _check_fits(budget, allocated_total(budget, excluding_line=allocation.pk if allocation else None), amount)
    if allocation is None:
        last = Allocation.objects.filter(budget=budget).order_by("-position").values_list("position", flat=True).first()
        allocation = Allocation(budget=budget, position=(last or 0) + 1)
    return model_save(
        allocation,
        service_line=service_line,
        description=description,
        amount=amount,
        delivery_method=delivery_method,
        funding_stream=funding_stream,
        group=group,
        note=note,
    )


@transaction.atomic
def allocation_delete(*, allocation: Allocation) -> None:
    _require_draft(_locked(allocation.budget))
    allocation.delete()


@transaction.atomic
def virement_make(
    *, budget: Budget, from_allocation: Allocation, to_allocation: Allocation, amount: Decimal, reason: str, user
) -> Virement:
    """Move money between two lines of an approved budget, recording who, how much and why."""
    _check_money(amount)
    budget = _locked(budget)
    if budget.status != BudgetStatus.APPROVED:
        raise DomainError("Virements are for approved budgets; a draft's lines are edited directly.")
    if from_allocation.pk == to_allocation.pk:
        raise ValidationError({"to_allocation": "Choose a different line to move the money to."})
    for field, line in (("from_allocation", from_allocation), ("to_allocation", to_allocation)):
        if line.budget_id != budget.pk:
            raise ValidationError({field: "Choose a line of this budget."})
        if line.group_id:
            raise ValidationError({field: "Choose a line with its own amount (not one sharing a group's)."})
    source = Allocation.objects.select_for_update().get(pk=from_allocation.pk)
    target = Allocation.objects.select_for_update().get(pk=to_allocation.pk)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Enter an amount of more than £0.00."})
    if amount > source.amount:
        raise DomainError(f"The line has only {format_gbp(source.amount)} to move.", field="amount")
    virement = model_save(
        # `reason` is set on the row itself: model_save's own `reason` is the history's change reason.
        Virement(budget=budget, made_by=user, reason=reason),
        from_allocation=source,
        to_allocation=target,
        amount=amount,
    )
    Allocation.objects.filter(pk=source.pk).update(amount=source.amount - amount)
    Allocation.objects.filter(pk=target.pk).update(amount=target.amount + amount)
    return virement


@transaction.atomic
def budget_roll_forward(*, budget: Budget, user) -> Budget:
    """Copy a year's structure (contributions, groups, lines with their amounts) into the next
    financial year as a draft, to be adjusted and approved."""
    if not user.has_perm("budgets.add_budget"):
        raise PermissionDenied
    if Budget.objects.filter(organisation=budget.organisation, year=budget.year + 1, name=budget.name).exists():
        raise DomainError(f"{budget.name} {budget.year + 1}/{(budget.year + 2) % 100:02d} already exists.")
    new = model_save(
        Budget(organisation=budget.organisation, rolled_from=budget),
        year=budget.year + 1,
        name=budget.name,
        total=budget.total,
        accountable_body=budget.accountable_body,
        note=budget.note,
    )
    for contribution in budget.contributions.prefetch_related("streams"):
        copy = FundingContribution.objects.create(
            budget=new, amount=contribution.amount, partner=contribution.partner, note=contribution.note
        )
        copy.streams.set(contribution.streams.all())
    groups = {
        g.pk: AllocationGroup.objects.create(budget=new, name=g.name, amount=g.amount) for g in budget.groups.all()
    }
    Allocation.objects.bulk_create(
        Allocation(
            budget=new,
            service_line_id=line.service_line_id,
            delivery_method_id=line.delivery_method_id,
            funding_stream_id=line.funding_stream_id,
            description=line.description,
            amount=line.amount,
            group=groups.get(line.group_id),
            note=line.note,
            position=line.position,
        )
        for line in budget.allocations.all()
    )
    return new


@transaction.atomic
def efficiency_add(
    *,
    budget: Budget,
    description: str,
    current_cost: Decimal,
    proposed_cost: Decimal,
    proposed_detail: str = "",
    reinvested_in: str = "",
):
    """Record an item's current against its proposed cost; the difference is computed by the database."""
    from budgets.models import Efficiency

    _check_money(current_cost, "current_cost")
    _check_money(proposed_cost, "proposed_cost")
    return model_save(
        Efficiency(budget=budget),
        description=description,
        current_cost=current_cost,
        proposed_cost=proposed_cost,
        proposed_detail=proposed_detail,
        reinvested_in=reinvested_in,
        exclude=["difference"],
    )


# --- Actual spend ---------------------------------------------------------------------------------
SPEND_CLOSED = "This budget is closed: its spend no longer changes."
SPEND_OUTSIDE_YEAR = "Choose a month of the budget's financial year ({year}: April {start} to March {end})."


def spend_month_check(budget: Budget, month, field: str = "month"):
    """The first day of `month` when it falls in the budget's financial year; else a field error."""
    from common.years import fy_of

    first = month.replace(day=1)
    if fy_of(first) != budget.year:
        raise ValidationError(
            {field: SPEND_OUTSIDE_YEAR.format(year=budget.year_label, start=budget.year, end=budget.year + 1)}
        )
    return first


@transaction.atomic
def spend_record(*, allocation: Allocation, month, amount: Decimal, user, note: str = "", source: str = "entered"):
    """Record what was spent on a line in a month (replacing that month's figure, if any). Spend is
    recorded on draft and approved budgets; a closed budget's spend is final."""
    from budgets.models import Spend

    if not (user.has_perm("budgets.add_spend") and user.has_perm("budgets.change_spend")):
        raise PermissionDenied
    _check_money(amount)
    budget = allocation.budget
    if budget.status == BudgetStatus.CLOSED:
        raise DomainError(SPEND_CLOSED)
    first = spend_month_check(budget, month)
    spend = Spend.objects.select_for_update().filter(allocation=allocation, month=first).first()
    return model_save(
        spend or Spend(allocation=allocation, month=first),
        amount=amount,
        note=note,
        source=source,
        recorded_by=user,
    )
