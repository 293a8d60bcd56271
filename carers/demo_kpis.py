"""Demo data for carer KPIs, grants and vouchers and the directory, from the seed reports
(shared/seeds 000 Oxfordshire, 002 Devon):
area estimates and KPI targets, Devon's 2007/08 assessments (731 separately, 5,568 jointly,
5,370 declined: 11,669), Devon's 497 grant awards and the Take a Break vouchers with which 308
carers took 5,600 short breaks, Oxfordshire grants, and a signposting directory.

`load()` is called from carers/demo.py; it is idempotent (each block checks it has not run)."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle

from django.db import transaction

from accounts.choices import AreaLevel, OrganisationKind
from accounts.models import Area, Organisation
from carers import choices as c
from carers.directory.choices import DirectoryCategory
from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.kpis import services as kpi_services
from carers.kpis.choices import KpiMeasure, KpiUnit
from carers.models import (
    AreaEstimate,
    Assessment,
    Carer,
    CarerGrant,
    DirectoryEntry,
    KpiIndicator,
    VoucherRedemption,
)
from common.years import fy_end, fy_start

DEVON_ASSESSMENTS_2007 = {
    c.AssessmentType.SEPARATE: 731,
    c.AssessmentType.JOINT: 5_568,
    c.AssessmentType.DECLINED: 5_370,
}  # 11,669 in all (seed 002)
DEVON_GRANT_AWARDS_2007 = 497
DEVON_BREAK_CARERS_2007 = 308
DEVON_BREAKS_2007 = 5_600

FIRST = ["Margaret", "John", "Susan", "David", "Patricia", "Peter", "Linda", "Michael", "Janet", "Robert", "Ann",
         "Brian", "Helen", "Keith", "Jean", "Alan", "Carol", "Graham", "Sheila", "Trevor", "Aisha", "Tomasz", "Priya",
         "Kwame", "Siobhan", "Gareth", "Mei", "Olu"]  # fmt: skip
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan",
        "Nowak", "Patel", "Mensah", "O'Brien", "Hughes", "Chen", "Adeyemi"]  # fmt: skip


def _org(name: str, kind: str = OrganisationKind.COUNCIL) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return org


def _county(name: str, council: Organisation) -> Area:
    area, _ = Area.objects.get_or_create(
        name=name, parent=None, defaults={"level": AreaLevel.COUNTY, "council": council}
    )
    return area


def _bulk_carers(
    *, organisation, areas, count, first_identified: date, last_identified: date, seed: int
) -> list[Carer]:
    """`count` believable carers created in batches (a compact bulk insert, no per-row save)."""
    span = (last_identified - first_identified).days
    sources = cycle(c.IdentificationSource.values)
    bands = cycle([c.HoursBand.UP_TO_19, c.HoursBand.FROM_20_TO_49, c.HoursBand.FIFTY_PLUS, c.HoursBand.UP_TO_19])
    area_cycle = cycle(areas)
    carers = []
    for n in range(count):
        k = n + seed
        carer = Carer(
            first_name=FIRST[k % len(FIRST)],
            last_name=LAST[(k * 7) % len(LAST)],
            date_of_birth=date(1930 + (k * 13) % 75, 1 + k % 12, 1 + k % 28),
            hours_band=next(bands),
            identification_source=next(sources),
            identified_on=first_identified + timedelta(days=(k * 37) % (span + 1)),
            organisation=organisation,
            area=next(area_cycle),
            consent_to_share=k % 3 != 0,
        )
        carer.refresh_search_columns()  # the same normalised columns the register's search uses
        carers.append(carer)
    return Carer.objects.bulk_create(carers, batch_size=2_000)


def _devon(devon: Organisation, county: Area) -> str:
    if Assessment.objects.filter(
        carer__organisation=devon, assessed_on__gte=fy_start(2007), assessed_on__lte=fy_end(2007)
    ).exists():
        return "Devon 2007/08 already loaded"
    localities = list(Area.objects.filter(parent=county)) or [county]
    total = sum(DEVON_ASSESSMENTS_2007.values())
    carers = _bulk_carers(
        organisation=devon,
        areas=localities,
        count=total,
        first_identified=date(2004, 4, 1),
        last_identified=date(2007, 9, 30),
        seed=3,
    )
    assessments, index = [], 0
    for kind, number in DEVON_ASSESSMENTS_2007.items():
        for _ in range(number):
            carer = carers[index]
            index += 1
            outcome = (
                c.AssessmentOutcome.DECLINED
                if kind == c.AssessmentType.DECLINED
                else (c.AssessmentOutcome.ELIGIBLE if index % 3 else c.AssessmentOutcome.NOT_ELIGIBLE)
            )
            assessed_on = date(2007, 4, 2) + timedelta(days=index % 360)
            assessments.append(
                Assessment(
                    carer=carer,
                    assessment_type=kind,
                    assessed_on=assessed_on,
                    outcome=outcome,
                    next_review_on=assessed_on + timedelta(days=365) if kind != c.AssessmentType.DECLINED else None,
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=2_000)

    # Grants scheme: 497 awards in 2007/08; Take a Break: 308 carers took 5,600 short breaks.
    link = _org("Devon Carers Link", OrganisationKind.VOLUNTARY)
    assessed = carers[
        : DEVON_ASSESSMENTS_2007[c.AssessmentType.SEPARATE] + DEVON_ASSESSMENTS_2007[c.AssessmentType.JOINT]
    ]
    grants = []
    for n in range(DEVON_GRANT_AWARDS_2007):
        applied = date(2007, 4, 10) + timedelta(days=(n * 11) % 330)
        grants.append(
            CarerGrant(
                carer=assessed[n * 7 % len(assessed)],
                organisation=devon,
                kind=GrantKind.BREAKS_GRANT,
                purpose="A flexible break from caring",
                applied_on=applied,
                amount_requested=Decimal(150 + (n % 6) * 25),
                status=GrantStatus.APPROVED,
                decided_on=applied + timedelta(days=14),
                amount_awarded=Decimal(150 + (n % 6) * 25),
                payment_method=PaymentMethod.BANK_TRANSFER,
                paid_on=applied + timedelta(days=21),
            )
        )
    per_carer, extra = divmod(DEVON_BREAKS_2007, DEVON_BREAK_CARERS_2007)  # 18 each, 56 carers take 19
    voucher_grants = []
    for n in range(DEVON_BREAK_CARERS_2007):
        applied = date(2007, 4, 2) + timedelta(days=n % 60)
        issued = per_carer + (1 if n < extra else 0)
        voucher_grants.append(
            CarerGrant(
                carer=assessed[(n * 13 + 5) % len(assessed)],
                organisation=devon,
                kind=GrantKind.TAKE_A_BREAK,
                purpose="Take a Break sitting service vouchers",
                applied_on=applied,
                vouchers_requested=issued,
                status=GrantStatus.APPROVED,
                decided_on=applied + timedelta(days=7),
                vouchers_issued=issued,
                payment_method=PaymentMethod.VOUCHERS,
            )
        )
    CarerGrant.objects.bulk_create(grants + voucher_grants, batch_size=1_000)
    redemptions = [
        VoucherRedemption(
            grant=grant,
            provider=link,
            redeemed_on=date(2008, 1, 15) + timedelta(days=n % 60),
            vouchers_used=grant.vouchers_issued,
        )
        for n, grant in enumerate(voucher_grants)
    ]
    VoucherRedemption.objects.bulk_create(redemptions, batch_size=1_000)
    awards = len(grants) + len(voucher_grants)
    return f"Devon 2007/08: {len(carers):,} carers, {len(assessments):,} assessments, {awards} awards"


def _targets(organisation: Organisation) -> None:
    if KpiIndicator.objects.filter(organisation=organisation).exists():
        return  # loaded before: setting the targets again would add history rows
    devon_ni135 = [
        (2006, "29.1", "29.1"),
        (2007, "31.6", "31.6"),
        (2008, "33.0", None),
        (2009, "35.5", None),
        (2010, "38.0", None),
    ]
    ni135, _ = KpiIndicator.objects.get_or_create(
        organisation=organisation,
        name="NI135 carers receiving an assessment or review and a specific carers service or advice and information",
        defaults={"measure": KpiMeasure.NI135, "unit": KpiUnit.PERCENT},
    )
    for year, target, actual in devon_ni135:
        kpi_services.kpi_target_set(
            indicator=ni135,
            year=year,
            target=Decimal(target),
            actual=Decimal(actual) if actual else None,
            note="Stretch target (seed 002)" + (", reported actual" if actual else ""),
        )
    link, _ = KpiIndicator.objects.get_or_create(
        organisation=organisation,
        name="Membership of Carers Link",
        defaults={"measure": KpiMeasure.MANUAL, "unit": KpiUnit.COUNT, "description": "Workstreams 3 and 5."},
    )
    for year, target, actual in [(2007, 4500, 4500), (2008, 6000, None), (2009, 7500, None)]:
        kpi_services.kpi_target_set(
            indicator=link, year=year, target=Decimal(target), actual=Decimal(actual) if actual else None
        )
    reach, _ = KpiIndicator.objects.get_or_create(
        organisation=organisation,
        name="Carers reached by My Life My Choice projects",
        defaults={
            "measure": KpiMeasure.MANUAL,
            "unit": KpiUnit.COUNT,
            "description": "Workstreams 1 and 2, by March 2009.",
        },
    )
    kpi_services.kpi_target_set(indicator=reach, year=2008, target=Decimal(1000))


DIRECTORY = [
    # (name, category, area county, organisation, phone, opening times, commissioned, description)
    ("North & West Carers Centre", DirectoryCategory.COMMISSIONED, "Oxfordshire", "North & West Carers Centre",
     "01295 123456", "Monday to Friday, 9am to 5pm", True,
     "Information, advice and support for carers in Banbury and West Oxfordshire."),
    ("Oxford City Carers Centre", DirectoryCategory.COMMISSIONED, "Oxfordshire", "Oxford City Carers Centre",
     "01865 123456", "Monday to Friday, 9am to 5pm", True,
     "Carers support service for Oxford City."),
    ("South and Vale Carers Centre", DirectoryCategory.COMMISSIONED, "Oxfordshire", "South and Vale Carers Centre",
     "01235 123456", "Monday to Thursday, 9am to 4pm", True,
     "Carers support in Didcot, Wantage and Abingdon."),
    ("Age UK Oxfordshire sitting service", DirectoryCategory.SITTING, "Oxfordshire", "Age UK Oxfordshire",
     "01865 234567", "Bookings weekdays 10am to 3pm", True,
     "Trained sitters so that carers of older people can take a break."),
    ("Rethink carers support group", DirectoryCategory.PEER_SUPPORT, "Oxfordshire", "Rethink Mental Illness",
     "01865 345678", "Second Tuesday of the month, 7pm", False,
     "Peer support for carers of people with mental illness."),
    ("Young carers club, Banbury", DirectoryCategory.COMMUNITY_GROUP, "Oxfordshire", None,
     "01295 234567", "Wednesdays in term time, 4pm to 6pm", False,
     "Activities and a break for young carers aged 8 to 17."),
    ("Befriending for older carers", DirectoryCategory.BEFRIENDING, "Oxfordshire", "Age UK Oxfordshire",
     "01865 456789", "Weekly visits arranged by phone", False,
     "A volunteer visits or phones each week."),
    ("Devon Carers Link", DirectoryCategory.COMMISSIONED, "Devon", "Devon Carers Link",
     "01392 123456", "Monday to Friday, 9am to 5pm", True,
     "Carers Link network: information, grants and the Take a Break vouchers."),
    ("Take a Break sitting service, Devon", DirectoryCategory.BREAKS, "Devon", "Devon Carers Link",
     "01392 234567", "Bookings weekdays", True,
     "Voucher-based sitting service for short breaks."),
    ("Dementia carers café, Exeter", DirectoryCategory.PEER_SUPPORT, "Devon", None,
     "01392 345678", "First Friday of the month, 2pm to 4pm", False,
     "Peer support for carers of people with dementia."),
]  # fmt: skip


def _directory() -> int:
    made = 0
    for name, category, county, org_name, phone, opening, commissioned, description in DIRECTORY:
        area = Area.objects.filter(name=county, parent=None).first()
        organisation = Organisation.objects.filter(name=org_name).first() if org_name else None
        _, created = DirectoryEntry.objects.get_or_create(
            name=name,
            area=area,
            defaults={
                "category": category,
                "organisation": organisation,
                "phone": phone,
                "opening_times": opening,
                "is_commissioned": commissioned,
                "description": description,
            },
        )
        made += created
    return made


def _oxfordshire_grants(oxon: Organisation) -> int:
    """A few Leisure and Learning and Life of Your Own grants on Oxfordshire carers, this year."""
    if CarerGrant.objects.filter(organisation=oxon).exists():
        return 0
    carers = list(Carer.objects.filter(organisation=oxon, status=c.CarerStatus.ACTIVE).order_by("id")[:30])
    if not carers:
        return 0
    today = date.today()
    grants = []
    for n, carer in enumerate(carers):
        kind = [GrantKind.LEISURE_LEARNING, GrantKind.LIFE_OF_YOUR_OWN, GrantKind.DIRECT_PAYMENT][n % 3]
        applied = today - timedelta(days=10 + n * 5)
        status = [GrantStatus.APPROVED, GrantStatus.APPROVED, GrantStatus.DECLINED, GrantStatus.APPLIED][n % 4]
        amount = Decimal(200 + (n % 5) * 50)
        grants.append(
            CarerGrant(
                carer=carer,
                organisation=oxon,
                kind=kind,
                purpose=["An evening class", "A gym membership", "A weekend away", "Driving lessons"][n % 4],
                applied_on=applied,
                amount_requested=amount,
                status=status,
                decided_on=applied + timedelta(days=5) if status != GrantStatus.APPLIED else None,
                decision_reason="Not eligible: the carer already receives a direct payment for this."
                if status == GrantStatus.DECLINED
                else "",
                amount_awarded=amount if status == GrantStatus.APPROVED else None,
                payment_method=PaymentMethod.DIRECT_PAYMENT if status == GrantStatus.APPROVED else "",
                paid_on=applied + timedelta(days=8) if status == GrantStatus.APPROVED else None,
            )
        )
    CarerGrant.objects.bulk_create(grants)
    return len(grants)


@transaction.atomic
def load() -> str:
    devon = _org("Devon County Council")
    oxon = _org("Oxfordshire County Council")
    devon_county = _county("Devon", devon)
    oxon_county = _county("Oxfordshire", oxon)
    AreaEstimate.objects.get_or_create(
        area=devon_county,
        year=2007,
        defaults={"estimated_carers": 72_400, "source": "Census projections (Devon carers delivery plan)"},
    )
    AreaEstimate.objects.get_or_create(
        area=oxon_county,
        year=2010,
        defaults={
            "estimated_carers": 60_000,
            "known_baseline": 9_000,
            "annual_increase_points": Decimal("20"),
            "trajectory_years": 3,
            "source": "Cabinet report: 60,000 carers, 9,000 known to the voluntary or statutory sector",
        },
    )
    devon_note = _devon(devon, devon_county)
    _targets(devon)
    directory = _directory()
    oxon_grants = _oxfordshire_grants(oxon)
    return f"carer KPIs: {devon_note}; {directory} directory entries; {oxon_grants} Oxfordshire grants"
