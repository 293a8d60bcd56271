"""Demo budgets from the seeds (shared/seeds): Oxfordshire 2010/11 (£6,303,000, every line of the
Cabinet report's table with its groups), South Tees 2022/23 (£550k a year from the Better Care
Fund) and Doncaster's specialist home and community support (about £760,000 a year). Idempotent.

Where a report gives a combined figure and no split, the demo records one combined figure and
says so rather than inventing a split: Oxfordshire's three funders, South Tees' two lots.

Each budget is approved (by the demo finance officer) and carries its spend month by month from
April to December — the quarter-three monitoring a finance officer reports — so that spent,
forecast outturn and over/under-allocation show on the budget page. The reports give allocations,
not spend: the spend is made up here, from each line's allocation and a share of it spent by
December (DEMO_SPEND), on profile for most lines, behind on some, and over on one."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from accounts.models import Organisation, User
from budgets import services
from budgets.choices import BudgetStatus
from budgets.models import Budget, FundingStream, Spend
from budgets.seed_tables import (
    OXFORDSHIRE_FUNDING_NOTE,
    OXFORDSHIRE_GROUPS,
    OXFORDSHIRE_LINES,
    OXFORDSHIRE_STREAMS,
    OXFORDSHIRE_TOTAL,
)
from commissioning.models import DeliveryMethod, ServiceLine


def _lines(budget, groups: dict, lines) -> None:
    made = {name: services.group_save(budget=budget, name=name, amount=amount) for name, amount in groups.items()}
    for description, service_line, method, amount in lines:
        grouped = isinstance(amount, str)
        services.allocation_save(
            budget=budget,
            description=description,
            service_line=ServiceLine.objects.get_or_create(name=service_line)[0],
            delivery_method=DeliveryMethod.objects.get_or_create(name=method)[0] if method else None,
            amount=None if grouped else amount,
            group=made[amount] if grouped else None,
        )


def _budget(org_name: str, year: int, total: Decimal, note: str):
    organisation = Organisation.objects.filter(name=org_name).first()
    if organisation is None or Budget.objects.filter(organisation=organisation, year=year).exists():
        return None
    return services.budget_create(organisation=organisation, year=year, total=total, note=note)


# The share of each line's allocation spent from April to December (nine twelfths, 0.75, is on
# profile). A grouped line's share is of its group's amount; its group's lines add up to the group's
# share. Demo figures only: made up for the demo, never read by the application.
DEMO_SPEND: dict[tuple[str, int], dict[str, Decimal]] = {
    ("Oxfordshire County Council", 2010): {
        "Breaks for Carers": Decimal("0.76"),
        # Brokerage group (£450,600): 0.72 of it between its three lines, a little behind profile.
        "Brokerage (support to SCS eligible carers)": Decimal("0.20"),
        "Carers Support Service": Decimal("0.40"),
        "Carers Peer Support Groups": Decimal("0.12"),
        "Information & Advice via Customer Services Centre": Decimal("0.75"),
        # Direct payments group (£893,400): 0.70.
        "Direct Payments to support eligible Carers (Life of Your Own grant)": Decimal("0.30"),
        "Direct Payments for breaks and services for non-eligible carers": Decimal("0.18"),
        "Leisure and Learning Grant (Breaks and Services for non eligible carers)": Decimal("0.12"),
        "Carers Breaks (Oxfordshire Primary Care Trust)": Decimal("0.10"),
        "Involvement, Contingency, Support & Administration (5% of the annual budget)": Decimal("0.55"),
        # Future developments (£520,000): barely started by December, well under.
        "Carers & Employment": Decimal("0.04"),
        "Direct Payments to Carers": Decimal("0.05"),
        "Community Network Development": Decimal("0.03"),
        "Dementia & Stroke strategy": Decimal("0.02"),
        "User Led Organisation (ULO)": Decimal("0.02"),
        "Administration (grants)": Decimal("0.01"),
        # The decision on befriending and sitting was not made, and spot purchases went on: over.
        "Befriending & Sitting Networks": Decimal("1.11"),
        # Existing contracts (£338,660): 0.72.
        "Emergency Carers Support Service": Decimal("0.30"),
        "Carers voice": Decimal("0.12"),
        "Rethink Carers Support": Decimal("0.18"),
        "BME - Equality": Decimal("0.12"),
    },
    ("Middlesbrough Council", 2022): {
        "Lot 1 - Adult Carers (incl. parent & kinship and working carers)": Decimal("0.52"),
        "Lot 2 - Young Carers": Decimal("0.21"),
    },
    ("Doncaster Metropolitan Borough Council", 2017): {
        "Specialist home and community support (open framework call-offs)": Decimal("0.79"),
    },
}
# April to December: the months of spend, weighted so that months differ as real ones do (the
# weights add up to the number of months, so the months add up to the share).
SPEND_MONTH_WEIGHTS = [Decimal(w) for w in ("1.00", "0.95", "1.05", "1.00", "0.90", "1.00", "1.05", "1.00", "1.05")]
SPEND_NOTE = "Demo: spend to the end of December (quarter 3 monitoring)."
PENNY = Decimal("0.01")


def _months(year: int) -> list[date]:
    """April to December of the financial year that starts in April `year`."""
    return [date(year, month, 1) for month in range(4, 4 + len(SPEND_MONTH_WEIGHTS))]


def _monthly(total: Decimal) -> list[Decimal]:
    """`total` spread over the months by their weights, in pence; the last month takes the rounding."""
    count = Decimal(len(SPEND_MONTH_WEIGHTS))
    months = [(total * weight / count).quantize(PENNY, ROUND_HALF_UP) for weight in SPEND_MONTH_WEIGHTS[:-1]]
    return [*months, total - sum(months)]


def _approve(budget: Budget, finance: User) -> None:
    if budget.status == BudgetStatus.DRAFT:
        services.budget_approve(budget=budget, user=finance)


def _spend(budget: Budget, shares: dict[str, Decimal], finance: User) -> int:
    """Record the demo spend of a budget that has none yet (so a second load adds nothing, and a
    budget someone has recorded spend on is left alone). Returns the number of figures recorded."""
    if Spend.objects.filter(allocation__budget=budget).exists():
        return 0
    recorded = 0
    for line in budget.allocations.select_related("group").order_by("position", "id"):
        share = shares.get(line.description)
        if share is None:
            continue
        base = line.group.amount if line.group_id else line.amount
        for month, amount in zip(_months(budget.year), _monthly((base * share).quantize(PENNY)), strict=True):
            services.spend_record(allocation=line, month=month, amount=amount, user=finance, note=SPEND_NOTE)
            recorded += 1
    return recorded


def _approve_and_spend(finance: User | None, created: set[int]) -> int:
    """Approve the demo budgets made by this load and record the spend of every demo budget without any."""
    if finance is None or not finance.has_perm("budgets.approve_budget"):
        return 0
    recorded = 0
    for (org_name, year), shares in DEMO_SPEND.items():
        budget = Budget.objects.filter(organisation__name=org_name, year=year).first()
        if budget is None or budget.status == BudgetStatus.CLOSED:
            continue
        if budget.pk in created:
            _approve(budget, finance)
        recorded += _spend(budget, shares, finance)
    return recorded


@transaction.atomic
def load() -> str:
    if not ServiceLine.objects.exists():
        return "skipped: the service lines come from commissioning's migration"
    made = []
    oxford = _budget(
        "Oxfordshire County Council",
        2010,
        OXFORDSHIRE_TOTAL,
        "Cabinet, 20 July 2010: Revised Carers Commissioning Intentions, paragraph 21.",
    )
    if oxford:
        services.contribution_add(
            budget=oxford,
            streams=FundingStream.objects.filter(name__in=OXFORDSHIRE_STREAMS),
            amount=OXFORDSHIRE_TOTAL,
            note=OXFORDSHIRE_FUNDING_NOTE,
        )
        _lines(oxford, OXFORDSHIRE_GROUPS, OXFORDSHIRE_LINES)
        services.efficiency_add(
            budget=oxford,
            description="Cost of current carers centres",
            current_cost=Decimal("846000.00"),
            proposed_cost=Decimal("602400.00"),
            proposed_detail="The Customer Service Centre (£121,800); Carers Support Service, Carers Peer Support "
            "Groups and Support Brokerage (£450,600); Befriending & Sitting Networks (£30,000).",
            reinvested_in="Future developments",
        )
        made.append(str(oxford))
    tees = _budget(
        "Middlesbrough Council",
        2022,
        Decimal("550000.00"),
        "South Tees Carers Offer (Middlesbrough Executive, 17 August 2021): £550k a year from the Better Care "
        "Fund for contracts in place from 1 April 2022; the procurement is led by Redcar & Cleveland.",
    )
    if tees:
        services.contribution_add(
            budget=tees,
            streams=FundingStream.objects.filter(name="Better Care Fund pooled fund"),
            amount=Decimal("550000.00"),
            note="The Better Care Fund pooled with health; the report gives no split between the partners.",
        )
        lots = "South Tees Carers Offer (Lot 1 and Lot 2)"
        _lines(
            tees,
            {lots: Decimal("550000.00")},
            [
                (
                    "Lot 1 - Adult Carers (incl. parent & kinship and working carers)",
                    "Carers support service",
                    "External procurement (competitive tender)",
                    lots,
                ),
                ("Lot 2 - Young Carers", "Carers support service", "External procurement (competitive tender)", lots),
            ],
        )
        made.append(str(tees))
    doncaster = _budget(
        "Doncaster Metropolitan Borough Council",
        2017,
        Decimal("760000.00"),
        "Specialist Home and Community Support: home care of circa £760,000 a year (report, paragraph 13).",
    )
    if doncaster:
        services.contribution_add(
            budget=doncaster,
            streams=FundingStream.objects.filter(name="Council base budget"),
            amount=Decimal("760000.00"),
            note="The report gives the service's annual value, not its funding: recorded as the council's.",
        )
        _lines(
            doncaster,
            {},
            [
                (
                    "Specialist home and community support (open framework call-offs)",
                    "Breaks for carers",
                    "Personal budgets",
                    Decimal("760000.00"),
                ),
            ],
        )
        made.append(str(doncaster))
    created = {budget.pk for budget in (oxford, tees, doncaster) if budget}
    spend = _approve_and_spend(User.objects.filter(username="finance", is_active=True).first(), created)
    summary = f"budgets: {len(made)} created" if made else "budgets: already loaded"
    return f"{summary}, {spend} monthly spend figures" if spend else summary
