"""Demo procurements and risks from the seed reports, idempotent (each found by its organisation
and reference, created with its lots, bidders, transitions and scores only when it is not there).

- Seed 000 (Oxfordshire): the 2009 carers centres procurement, cancelled at the invitation to
  tender (October 2009) when new options for the service emerged; the exemption from the tender
  rules that followed (Cabinet, March 2010, CMDAS_MAR0210NE); the report's three strategic risks.
- Seed 001 (Oxfordshire): the support brokerage tender, 27 expressions of interest at the
  prequalification stage and the invitation to tender sent to 14 shortlisted providers.
- Seed 003 (South Tees): led by Redcar & Cleveland for itself and Middlesbrough, Lot 1 Adult
  Carers and Lot 2 Young Carers, advertised on 19 August 2021, contracts from 1 April 2022 for
  3 + 2 years.
- Seed 004 (Doncaster): the specialist home and community support open framework's evaluation
  (due diligence and quality questions, then price), and its risks rated 2.
"""

from datetime import date
from decimal import Decimal

from accounts.choices import OrganisationKind
from accounts.models import Organisation, User
from budgets.models import FundingStream
from commissioning.choices import Stage
from commissioning.models import (
    AgreedScore,
    Bid,
    Contract,
    Criterion,
    Lot,
    PlanTemplate,
    PlanTemplateStage,
    Procurement,
    Risk,
    Score,
    ServiceLine,
    StageTransition,
)

OXFORDSHIRE = "Oxfordshire County Council"
REDCAR = "Redcar & Cleveland Borough Council"
MIDDLESBROUGH = "Middlesbrough Council"
DONCASTER = "Doncaster Metropolitan Borough Council"


def _org(name: str, kind=OrganisationKind.COUNCIL) -> Organisation:
    return Organisation.objects.filter(name=name).first() or Organisation.objects.create(name=name, kind=kind)


def _procurement(body, reference, *, lines, moves=(), streams=(), partners=(), **fields):
    """The procurement, created at the last stage of `moves` [(from, to, on, note)] when missing."""
    organisation = _org(body)
    found = Procurement.objects.filter(organisation=organisation, reference=reference).first()
    if found is not None:
        return found, False
    stage = moves[-1][1] if moves else Stage.MARKET_ENGAGEMENT
    procurement = Procurement(organisation=organisation, reference=reference, stage=stage, **fields)
    procurement.full_clean()
    procurement.save()
    procurement.service_lines.set(ServiceLine.objects.filter(name__in=lines))
    procurement.funding_streams.set(FundingStream.objects.filter(name__in=streams))
    procurement.run_for.set([_org(name) for name in partners])
    for from_stage, to_stage, on, note in moves:
        StageTransition.objects.create(
            procurement=procurement, from_stage=from_stage, to_stage=to_stage, on=on, by=fields.get("owner"), note=note
        )
    return procurement, True


def _lot(procurement, number, title, value, **fields) -> Lot:
    lot = Lot(procurement=procurement, number=number, title=title, value=Decimal(value), **fields)
    lot.full_clean()
    lot.save()
    return lot


def _bidders(lot, names, status, shortlisted_on=None, kind=OrganisationKind.PROVIDER, **fields) -> list[Bid]:
    return [
        Bid.objects.create(lot=lot, bidder=_org(name, kind), status=status, shortlisted_on=shortlisted_on, **fields)
        for name in names
    ]


def _risk(body, title, *, owner=None, **fields) -> None:
    organisation = _org(body)
    if not Risk.objects.filter(organisation=organisation, title=title).exists():
        risk = Risk(organisation=organisation, title=title, owner=owner, **fields)
        risk.full_clean()
        risk.save()


def load() -> str:
    owner = User.objects.filter(username="commissioner").first()
    me, sel, sl, itt = Stage.MARKET_ENGAGEMENT, Stage.SELECTION, Stage.SHORTLIST, Stage.INVITATION_TO_TENDER
    cancelled, created = _procurement(
        OXFORDSHIRE,
        "OCC-CC-2009",
        title="Carers centres: information, advice and support (2009 procurement)",
        route="restricted",
        owner=owner,
        estimated_value=Decimal("2538000.00"),
        tupe_applies=True,
        lines=["Carers support service", "Information and advice"],
        streams=["Area Based Grant", "Carers grant"],
        cancellation_reason="New options for service delivery emerged at the Invitation to Tender stage: the "
        "procurement exercise was cancelled (see the exemption CMDAS_MAR0210NE).",
        moves=[
            (me, sel, date(2009, 4, 1), ""),
            (sel, sl, date(2009, 7, 1), ""),
            (sl, itt, date(2009, 10, 1), ""),
            (itt, Stage.CANCELLED, date(2009, 12, 1), "New options for service delivery emerged at ITT."),
        ],
    )
    if created:
        _lot(cancelled, 1, "Carers centres (county-wide)", "2538000.00", term_months=36)
    exemption, created = _procurement(
        OXFORDSHIRE,
        "OCC-CC-EX-2010",
        title="Carers centres: one-year extension on an exemption from the tender rules",
        route="exemption",
        owner=owner,
        estimated_value=Decimal("846000.00"),
        tupe_applies=True,
        exemption_approval="Cabinet, March 2010: CMDAS_MAR0210NE (Request for an Exemption from the tender "
        "requirements in respect to Oxfordshire Carers Centres)",
        exemption_approved_on=date(2010, 3, 16),
        lines=["Carers support service", "Information and advice"],
        moves=[
            (me, Stage.AWARD_DECISION, date(2010, 3, 16), "Exemption approved by Cabinet."),
            (Stage.AWARD_DECISION, Stage.STANDSTILL, date(2010, 3, 16), ""),
            (Stage.STANDSTILL, Stage.MOBILISATION, date(2010, 3, 31), ""),
            (Stage.MOBILISATION, Stage.LIVE, date(2010, 4, 1), "Existing providers continue to April 2011."),
        ],
        standstill_ends_on=date(2010, 3, 26),
    )
    brokerage, created = _procurement(
        OXFORDSHIRE,
        "OCC-SB-2010",
        title="External support brokerage",
        route="restricted",
        owner=owner,
        estimated_value=Decimal("450000.00"),
        eia_done=True,
        lines=["Brokerage"],
        moves=[
            (me, sel, date(2009, 11, 2), "Prequalification questionnaire published."),
            (sel, sl, date(2010, 1, 15), "27 expressions of interest."),
            (sl, itt, date(2010, 2, 26), "Invitation to tender sent to 14 shortlisted providers."),
        ],
    )
    if created:
        lot = _lot(brokerage, 1, "Support brokerage", "450000.00", term_months=36, extension_options="12")
        names = [f"Support brokerage provider {n:02d} (demo)" for n in range(1, 28)]
        _bidders(lot, names[:14], "invited", shortlisted_on=date(2010, 2, 26))
        _bidders(lot, names[14:], "expressed_interest")

    tees, created = _procurement(
        REDCAR,
        "RCBC-STCO",
        title="South Tees Carers Offer",
        route="collaborative",
        lead_organisation=_org(REDCAR),
        estimated_value=Decimal("2750000.00"),
        tupe_applies=True,
        eia_done=True,
        lines=["Carers support service", "Information and advice"],
        streams=["Better Care Fund pooled fund"],
        partners=[MIDDLESBROUGH],
        moves=[
            (me, itt, date(2021, 8, 19), "Advertised via the NEPO portal by Redcar & Cleveland."),
            (itt, Stage.EVALUATION, date(2021, 10, 4), ""),
            (Stage.EVALUATION, Stage.AWARD_DECISION, date(2021, 12, 7), "Executive: contracts over £150k."),
            (Stage.AWARD_DECISION, Stage.STANDSTILL, date(2021, 12, 8), ""),
            (Stage.STANDSTILL, Stage.MOBILISATION, date(2021, 12, 20), ""),
            (Stage.MOBILISATION, Stage.LIVE, date(2022, 4, 1), "Contracts in place from 1 April 2022."),
        ],
        standstill_ends_on=date(2021, 12, 18),
    )
    if created:
        contract = Contract.objects.filter(accountable_body__name=REDCAR, reference="RCBC-STCO-L1").first()
        adults = _lot(
            tees,
            1,
            "Adult Carers (with Parent & Kinship Carers and Working Carers)",
            "1650000.00",
            term_months=36,
            extension_options="24",
        )
        young = _lot(
            tees,
            2,
            "Young Carers",
            "1100000.00",
            term_months=36,
            extension_options="24",
            description="Let with Lot 1 to the same provider, in contract RCBC-STCO-L1.",
        )
        if contract is not None:
            (winner,) = _bidders(adults, [contract.provider.name], "submitted", shortlisted_on=date(2021, 8, 19))
            _bidders(young, [contract.provider.name], "submitted", shortlisted_on=date(2021, 8, 19))
            Lot.objects.filter(pk=adults.pk).update(
                awarded_bid=winner,
                awarded_on=date(2021, 12, 20),
                contract=contract,
                award_decision_body="Executive",
                award_decided_on=date(2021, 12, 7),
                award_decision_reference="Middlesbrough Executive, 17 August 2021",
            )
            Contract.objects.filter(pk=contract.pk).update(procurement=tees)

    framework, created = _procurement(
        DONCASTER,
        "DMBC-SHCS-OF",
        title="Specialist Home and Community Support: open framework admission",
        route="light_touch",
        estimated_value=Decimal("765000.00"),
        eia_done=True,
        lines=["Breaks for carers"],
        moves=[
            (me, itt, date(2025, 1, 6), "Market engagement: around 30 providers interested."),
            (itt, Stage.EVALUATION, date(2025, 2, 17), "Due diligence and quality questions."),
        ],
    )
    if created:
        lot = _lot(framework, 1, "Specialist Home and Community Support", "765000.00", term_months=36)
        quality = Criterion.objects.create(lot=lot, name="Quality", kind="quality", weight=60, scale_max=5, position=1)
        questions = [
            Criterion.objects.create(
                lot=lot, parent=quality, name=name, kind="quality", weight=weight, scale_max=5, position=n
            )
            for n, (name, weight) in enumerate(
                [("Due diligence", 20), ("Person-centred support plans", 25), ("Workforce and training", 15)], start=2
            )
        ]
        Criterion.objects.create(lot=lot, name="Price", kind="price", weight=40, price_formula="lowest", position=5)
        evaluator = User.objects.filter(username="commissioner").first()
        bids = _bidders(
            lot,
            [f"Doncaster Specialist Support Provider {n} (demo)" for n in range(1, 6)],
            "submitted",
            shortlisted_on=date(2025, 1, 6),
        )
        for n, bid in enumerate(bids):
            Bid.objects.filter(pk=bid.pk).update(price=Decimal(140000 + 4000 * n))
            for m, criterion in enumerate(questions):
                value = Decimal((n + m) % 3 + 3)
                if evaluator is not None:
                    Score.objects.create(bid=bid, criterion=criterion, evaluator=evaluator, score=value)
                    AgreedScore.objects.create(bid=bid, criterion=criterion, score=value, moderated_by=evaluator)

    for title, description, impact, mitigation, likelihood, severity in [
        (
            "The market fails to respond to the procurement",
            "The market fails to respond to the procurement process due to the cancellation of the previous "
            "procurement activity.",
            "Unable to outsource required services in support of the new service delivery.",
            "Work by the Procurement Team to ensure the required service is made attractive to potential Service "
            "Providers. Incumbent Service Provider is likely to tender.",
            3,
            4,
        ),
        (
            "Lack of co-ordination of service delivery",
            "Lack of co-ordination of service delivery results in an overly complicated and inefficient service "
            "for carers.",
            "Precursor to the risk that the service fails to reach carers; carer perception of the Council "
            "affected; negative impact on the Council's reputation.",
            "Ensuring resulting projects focus on the required business processes and systems to ensure a smooth "
            "and seamless service for carers.",
            3,
            3,
        ),
        (
            "The changes in service fail to reach out to carers",
            "The changes in service fail to reach out to carers.",
            "The Council fails to achieve the target of reaching 60,000 carers: negative public perception, "
            "press coverage, public and carer criticism, organisational and political consequences.",
            "Strong stakeholder management, a detailed communication strategy and a robust marketing campaign; "
            "co-ordinated service; strong senior management buy-in and continuous support.",
            3,
            5,
        ),
    ]:
        _risk(
            OXFORDSHIRE,
            title,
            owner=owner,
            description=description,
            impact=impact,
            mitigation=mitigation,
            likelihood=likelihood,
            severity=severity,
            procurement=exemption if "market" in title else None,
            review_date=date(2026, 12, 31),
        )
    for title, description in [
        ("Poor take-up of specialist support", "The demand for more specialist support is not as anticipated."),
        ("Bids do not offer value for money", "Providers price specialist support at a much higher rate."),
        ("No providers join the framework", "Specialist provision does not appeal to the provider market."),
    ]:
        _risk(DONCASTER, title, description=description, likelihood=1, severity=2, procurement=framework)
    _plan_templates(OXFORDSHIRE)
    return (
        f"{Procurement.objects.count()} procurements, {Risk.objects.count()} risks, "
        f"{PlanTemplate.objects.count()} plan templates"
    )


# Standard plans (weeks per stage, None: the route does not go through it). Open procedure: at
# least 25 days for tenders (Procurement Act 2023 s.54), a standstill of 8 working days, three
# months' mobilisation where TUPE applies; the light-touch regime adds a selection stage.
PLAN_TEMPLATES = [
    (
        "Open procedure (standard)",
        "open",
        "Market engagement, an open tender, evaluation, the award decision, standstill and mobilisation.",
        {
            "market_engagement": 8,
            "invitation_to_tender": 6,
            "evaluation": 4,
            "award_decision": 4,
            "standstill": 2,
            "mobilisation": 12,
        },
    ),
    (
        "Light-touch regime (standard)",
        "light_touch",
        "Social care services under the light-touch regime, with expressions of interest and a shortlist.",
        {
            "market_engagement": 6,
            "selection": 4,
            "shortlist": 2,
            "invitation_to_tender": 6,
            "evaluation": 4,
            "award_decision": 3,
            "standstill": 2,
            "mobilisation": 12,
        },
    ),
    (
        "Direct award (standard)",
        "direct_award",
        "A direct award: engagement with the provider, the award decision, standstill and mobilisation.",
        {"market_engagement": 4, "award_decision": 4, "standstill": 2, "mobilisation": 8},
    ),
]


def _plan_templates(body: str) -> None:
    """The council's standard plan templates, each created (with its stages) when missing; the
    durations pass the rule every template passes (commissioning.plans.template_errors)."""
    from commissioning.plans import template_errors

    organisation = _org(body)
    for name, route, description, weeks in PLAN_TEMPLATES:
        if PlanTemplate.objects.filter(organisation=organisation, name=name).exists():
            continue
        durations = {stage: (n, "weeks") for stage, n in weeks.items()}
        errors = template_errors(route, durations)
        if errors:
            raise ValueError(f"{name}: {errors}")
        template = PlanTemplate.objects.create(
            organisation=organisation, name=name, route=route, description=description
        )
        for stage, n in weeks.items():
            PlanTemplateStage.objects.create(template=template, stage=stage, duration=n, unit="weeks")
