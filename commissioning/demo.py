"""Demo contracts from the seed reports (shared/seeds), idempotent: each contract is found by its
accountable body and reference and created, with its amendments, only when it is not there.

- Seed 000 (Oxfordshire, July 2010): the three carers centres, whose contracts ran to April 2010
  and were extended by one year to April 2011 "with no option for further extensions" (Cabinet,
  March 2010, on the tender exemption); their cost, £846,000 a year, split evenly here. The
  county's current carers contracts follow the report's budget lines (Carers Support Service,
  peer support and support brokerage £450,600; Emergency Carers Support £338,660; befriending and
  sitting £30,000), with dates of today's demo.
- Seed 003 (South Tees, August 2021): the Core Information and Support Service from 1 April 2022
  for 3 + 2 years, £550k a year from the Better Care Fund, procured by Redcar & Cleveland for
  itself and Middlesbrough; the Executive approves contracts over £150k.
- Seed 004 (Doncaster): the Specialist Home and Community Support open framework's providers
  (five; about £765,000 a year between them), light-touch regime.
"""

from datetime import date
from decimal import Decimal

from accounts.choices import OrganisationKind
from accounts.models import Organisation, User
from budgets.models import FundingStream
from commissioning.choices import AmendmentKind, NoticeKind
from commissioning.models import (
    Accreditation,
    Contract,
    ContractAmendment,
    ContractKpi,
    DecisionThreshold,
    DeliveryMethod,
    KpiReturn,
    ProviderProfile,
    ServiceLine,
)

OXFORDSHIRE = "Oxfordshire County Council"
REDCAR = "Redcar & Cleveland Borough Council"
MIDDLESBROUGH = "Middlesbrough Council"
DONCASTER = "Doncaster Metropolitan Borough Council"

THRESHOLDS = [
    (OXFORDSHIRE, "150000", "Cabinet"),
    (OXFORDSHIRE, "50000", "Procurement Board"),
    (REDCAR, "150000", "Executive"),
    (MIDDLESBROUGH, "150000", "Executive"),
    (DONCASTER, "150000", "Cabinet Member for Adult Social Care"),
]

PROVIDERS = [
    # (name, kind, charity number, company number, services)
    ("North & West Carers Centre", OrganisationKind.VOLUNTARY, "1090001", "", ["Carers support service"]),
    ("Oxford City Carers Centre", OrganisationKind.VOLUNTARY, "1090002", "", ["Carers support service"]),
    ("South and Vale Carers Centre", OrganisationKind.VOLUNTARY, "1090003", "", ["Carers support service"]),
    (
        "Age UK Oxfordshire",
        OrganisationKind.VOLUNTARY,
        "1085888",
        "04137565",
        ["Breaks for carers", "Emergency carers support"],
    ),
    (
        "Rethink Mental Illness",
        OrganisationKind.VOLUNTARY,
        "271028",
        "01227970",
        ["Carers support service", "Peer support"],
    ),
    ("Middlesbrough and Stockton Mind", OrganisationKind.VOLUNTARY, "1101234", "", ["Peer support"]),
    ("Redcar Mind", OrganisationKind.VOLUNTARY, "1105678", "", ["Peer support"]),
    (
        "South Tees Carers Partnership (demo provider)",
        OrganisationKind.PROVIDER,
        "",
        "12345678",
        ["Information and advice"],
    ),
    *[
        (
            f"Doncaster Specialist Support Provider {n} (demo)",
            OrganisationKind.PROVIDER,
            "",
            f"0987654{n}",
            ["Breaks for carers"],
        )
        for n in range(1, 6)
    ],
]


def _org(name: str, kind=OrganisationKind.COUNCIL) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    return organisation or Organisation.objects.create(name=name, kind=kind)


def _providers() -> None:
    for name, kind, charity, company, services in PROVIDERS:
        profile, _ = ProviderProfile.objects.get_or_create(
            organisation=_org(name, kind), defaults={"charity_number": charity, "company_number": company}
        )
        profile.services.set(ServiceLine.objects.filter(name__in=services))
    age_uk = ProviderProfile.objects.get(organisation__name="Age UK Oxfordshire")
    Accreditation.objects.get_or_create(
        provider=age_uk,
        scheme="Support with Confidence",
        defaults={"awarded_on": date(2024, 2, 1), "expires_on": date(2027, 1, 31), "reference": "SWC-0042"},
    )
    for n in range(1, 6):
        profile = ProviderProfile.objects.get(organisation__name=f"Doncaster Specialist Support Provider {n} (demo)")
        Accreditation.objects.get_or_create(
            provider=profile,
            scheme="CQC registration (domiciliary care)",
            defaults={"awarded_on": date(2019, 6, 1), "expires_on": None, "reference": f"1-10{n}000{n}"},
        )
        Accreditation.objects.get_or_create(
            provider=profile,
            scheme="Specialist framework due diligence",
            defaults={"awarded_on": date(2025, 4, 1), "expires_on": date(2027, 3, 31 - n)},
        )


def _contract(body: str, reference: str, *, lines, streams=(), partners=(), amendments=(), owner=None, **fields):
    accountable = _org(body)
    contract = Contract.objects.filter(accountable_body=accountable, reference=reference).first()
    if contract is not None:
        return contract
    contract = Contract(accountable_body=accountable, reference=reference, owner=owner, **fields)
    contract.full_clean()
    contract.save()
    contract.service_lines.set(ServiceLine.objects.filter(name__in=lines))
    contract.funding_streams.set(FundingStream.objects.filter(name__in=streams))
    contract.on_behalf_of.set([_org(name, kind) for name, kind in partners])
    for sequence, amendment in enumerate(amendments, start=1):
        row = ContractAmendment(contract=contract, sequence=sequence, **amendment)
        row.full_clean()
        row.save()
    return contract


def _extension(end_before, end_after, total_before, total_after, months, body, when, reference, rationale):
    return {
        "kind": AmendmentKind.EXTENSION,
        "effective_on": date.fromordinal(end_before.toordinal() + 1),
        "rationale": rationale,
        "end_before": end_before,
        "end_after": end_after,
        "total_before": Decimal(total_before),
        "total_after": Decimal(total_after),
        "option_months": months,
        "decision_body": body,
        "decided_on": when,
        "decision_reference": reference,
        "notice_kind": NoticeKind.UK10,
    }


def load() -> str:
    for body, value, decision_body in THRESHOLDS:
        DecisionThreshold.objects.get_or_create(
            organisation=_org(body), over_value=Decimal(value), defaults={"decision_body": decision_body}
        )
    _providers()
    commissioner = User.objects.filter(username="commissioner").first()
    tender = DeliveryMethod.objects.filter(name__startswith="External procurement").first()
    existing = DeliveryMethod.objects.filter(name__startswith="Existing contracts").first()
    centres = ["North & West Carers Centre", "Oxford City Carers Centre", "South and Vale Carers Centre"]
    for n, name in enumerate(centres, start=1):
        _contract(
            OXFORDSHIRE,
            f"OCC-CC-{n:02d}",
            title=f"Carers centre services: {name}",
            provider=_org(name, OrganisationKind.VOLUNTARY),
            lines=["Carers support service", "Information and advice"],
            streams=["Area Based Grant", "Carers grant"],
            total_value=Decimal("846000.00"),
            annual_value=Decimal("282000.00"),
            start_date=date(2007, 4, 1),
            initial_end_date=date(2010, 3, 31),
            extension_options="12",
            notice_period_months=3,
            tupe_applies=True,
            delivery_method=existing,
            owner=commissioner,
            description="Information, advice and support for carers from the centre in Banbury, Oxford or Didcot.",
            amendments=[
                _extension(
                    date(2010, 3, 31),
                    date(2011, 3, 31),
                    "846000.00",
                    "1128000.00",
                    12,
                    "Cabinet",
                    date(2010, 3, 16),
                    "CMDAS_MAR0210NE (tender exemption)",
                    "One-year extension on the exemption from the tender rules while the new carers offer is "
                    "developed: no option for further extensions.",
                )
            ],
        )
    support = _contract(
        OXFORDSHIRE,
        "OCC-CSS-2023",
        title="Carers Support Service, peer support groups and support brokerage",
        provider=_org("Rethink Mental Illness", OrganisationKind.VOLUNTARY),
        lines=["Carers support service", "Peer support", "Brokerage"],
        streams=["Area Based Grant"],
        total_value=Decimal("1351800.00"),
        annual_value=Decimal("450600.00"),
        start_date=date(2023, 4, 1),
        initial_end_date=date(2026, 3, 31),
        extension_options="12 12",
        notice_period_months=6,
        owner=commissioner,
        delivery_method=tender,
        next_review_date=date(2027, 1, 8),
        review_frequency="quarterly",
        amendments=[
            _extension(
                date(2026, 3, 31),
                date(2027, 3, 31),
                "1351800.00",
                "1802400.00",
                12,
                "Cabinet",
                date(2025, 9, 16),
                "CAB/2025/112",
                "First one-year option: performance good against the identification target.",
            )
        ],
    )
    for name, target in [
        ("Carers newly identified", "+20% a year on the 9,000 known (seed 000)"),
        ("Carers with a support plan", "75% of carers referred"),
    ]:
        kpi, created = ContractKpi.objects.get_or_create(
            contract=support, name=name, defaults={"target": target, "next_return_due": date(2027, 1, 31)}
        )
        if created:
            for period_end, actual, rating in [
                (date(2026, 6, 30), "Below profile", "requires_improvement"),
                (date(2026, 9, 30), "Close to profile", "approaching"),
            ]:
                KpiReturn.objects.create(kpi=kpi, period_end=period_end, actual=actual, rating=rating)
    _contract(
        OXFORDSHIRE,
        "OCC-ECS-2022",
        title="Emergency Carers Support Service",
        provider=_org("Age UK Oxfordshire", OrganisationKind.VOLUNTARY),
        lines=["Emergency carers support"],
        streams=["Council base budget"],
        total_value=Decimal("1693300.00"),
        annual_value=Decimal("338660.00"),
        start_date=date(2022, 10, 1),
        initial_end_date=date(2027, 9, 30),
        extension_options="24",
        notice_period_months=6,
        owner=commissioner,
        delivery_method=existing,
        next_review_date=date(2027, 4, 1),
        review_frequency="annual",
    )
    _contract(
        OXFORDSHIRE,
        "OCC-BSN-2025",
        title="Befriending and sitting networks co-ordinator",
        provider=_org("North & West Carers Centre", OrganisationKind.VOLUNTARY),
        lines=["Befriending and sitting"],
        total_value=Decimal("67500.00"),
        annual_value=Decimal("30000.00"),
        start_date=date(2025, 4, 1),
        initial_end_date=date(2027, 6, 30),
        extension_options="",
        notice_period_months=3,
        owner=None,
    )
    _contract(
        REDCAR,
        "RCBC-STCO-L1",
        title="South Tees Carers Offer: Core Information and Support Service (Lots 1 and 2)",
        provider=_org("South Tees Carers Partnership (demo provider)", OrganisationKind.PROVIDER),
        lot="Lot 1 Adult Carers; Lot 2 Young Carers",
        lines=["Carers support service", "Information and advice"],
        streams=["Better Care Fund pooled fund"],
        partners=[
            (MIDDLESBROUGH, OrganisationKind.COUNCIL),
            ("South Tees Clinical Commissioning Group", OrganisationKind.NHS_BODY),
        ],
        total_value=Decimal("1650000.00"),
        annual_value=Decimal("550000.00"),
        start_date=date(2022, 4, 1),
        initial_end_date=date(2025, 3, 31),
        extension_options="24",
        notice_period_months=6,
        delivery_method=tender,
        amendments=[
            _extension(
                date(2025, 3, 31),
                date(2027, 3, 31),
                "1650000.00",
                "2750000.00",
                24,
                "Executive",
                date(2024, 9, 17),
                "EX/2024/09",
                "The two-year option: the Joint Commissioning Group recommends extension.",
            )
        ],
    )
    for n in range(1, 6):
        _contract(
            DONCASTER,
            f"DMBC-SHCS-{n:02d}",
            title="Specialist Home and Community Support (open framework, light touch)",
            provider=_org(f"Doncaster Specialist Support Provider {n} (demo)", OrganisationKind.PROVIDER),
            lines=["Breaks for carers"],
            total_value=Decimal("459000.00"),
            annual_value=Decimal("153000.00"),
            start_date=date(2025, 4, 1),
            initial_end_date=date(2028, 3, 31),
            extension_options="12",
            notice_period_months=3,
            delivery_method=tender,
        )
    from commissioning import procurement_demo

    pipeline = procurement_demo.load()
    return f"{Contract.objects.count()} contracts, {ProviderProfile.objects.count()} providers, {pipeline}"
