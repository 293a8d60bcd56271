"""Demo budgets from the seeds (shared/seeds): Oxfordshire 2010/11 (£6,303,000, every line of the
Cabinet report's table with its groups), South Tees 2022/23 (£550k a year from the Better Care
Fund) and Doncaster's specialist home and community support (about £760,000 a year). Idempotent.

Where a report gives a combined figure and no split, the demo records one combined figure and
says so rather than inventing a split: Oxfordshire's three funders, South Tees' two lots."""

from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation
from budgets import services
from budgets.models import Budget, FundingStream
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
    return f"budgets: {len(made)} created" if made else "budgets: already loaded"
