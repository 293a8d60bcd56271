"""Demo carers across the seed councils' areas, with cared-for people, contacts, referrals,
assessments and contingency plans. Deterministic (a fixed seed) and idempotent: each demo carer
has a fixed e-mail address and is only created, with its records, when it is not there yet."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Area, Organisation, User
from carers import choices as c
from carers import services
from carers.models import Carer, ConditionCategory, ContactReason
from carers.sample_data import ADVICE, FIRST_NAMES, SURNAMES

SEED = 20261123
COUNT = 300
EMAIL = "demo-carer-{n}@carers-demo.example"

STREETS = ["High Street", "Church Lane", "Station Road", "Mill Lane", "Victoria Road", "The Green", "Park Avenue"]
GP_PRACTICES = [
    "Cowley Road Medical Practice",
    "Banbury Cross Health Centre",
    "Didcot Health Centre",
    "Barnstaple Health Centre",
    "Exeter Medical Practice",
    "Linthorpe Surgery",
    "Redcar Primary Care Hospital Practice",
    "Doncaster Central Surgery",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Share of demo carers held by each council (the demo users are Oxfordshire's officers).
COUNCIL_AREAS = [
    ("Oxfordshire County Council", ["North & West Oxfordshire", "Oxford City", "South & Vale"], 0.6),
    ("Devon County Council", ["Northern Devon", "Eastern Devon", "Southern Devon", "Western Devon"], 0.2),
    ("Middlesbrough Council", ["Middlesbrough"], 0.07),
    ("Redcar & Cleveland Borough Council", ["Redcar & Cleveland"], 0.07),
    ("Doncaster Metropolitan Borough Council", ["Doncaster"], 0.06),
]


def _postcode(rng: random.Random, area: Area) -> str:
    district = rng.choice(area.districts)
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"07700 900{rng.randint(0, 999):03d}"  # Ofcom's range for drama: never a real number
    return f"01632 96{rng.randint(0, 9999):04d}"


def _moment(rng: random.Random, day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))))


def load() -> str:
    officer = User.objects.filter(username="csc").first()
    if officer is None:
        return "skipped: load the accounts demo first"
    today = timezone.localdate()
    councils = {name: Organisation.objects.filter(name=name).first() for name, _, _ in COUNCIL_AREAS}
    areas = {a.name: a for a in Area.objects.all()}
    if not ContactReason.objects.filter(is_active=True).exists():
        # The reference lists come from a data migration; a flushed database has none.
        ContactReason.objects.get_or_create(name="Information and advice")
    reasons = list(ContactReason.objects.filter(is_active=True).order_by("name"))
    conditions = list(ConditionCategory.objects.filter(is_active=True).order_by("name"))
    existing = set(Carer.objects.filter(email__endswith="@carers-demo.example").values_list("email", flat=True))
    created = contacts = assessments = plans = 0
    for n in range(1, COUNT + 1):
        # One generator per carer: each is the same on every run (demo names, nothing secret).
        rng = random.Random(SEED * 1000 + n)  # nosec B311
        council_name, area_names, _ = rng.choices(COUNCIL_AREAS, weights=[w for *_, w in COUNCIL_AREAS])[0]
        area = areas.get(rng.choice(area_names))
        age = rng.choices(
            [rng.randint(11, 17), rng.randint(18, 25), rng.randint(26, 64), rng.randint(65, 92)], [5, 8, 57, 30]
        )[0]
        born = today - timedelta(days=age * 365 + rng.randint(0, 364))
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        identified = today - timedelta(days=rng.randint(0, 5 * 365))
        email = EMAIL.format(n=n)
        if email in existing or councils.get(council_name) is None or area is None or not area.districts:
            continue
        carer = services.carer_register(
            user=officer,
            organisation=councils[council_name],
            confirm_not_duplicate=True,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            phone=_phone(rng),
            email=email,
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            postcode=_postcode(rng, area),
            gp_practice=rng.choice(GP_PRACTICES),
            employment=rng.choice([e for e in c.Employment.values if e]) if age >= 18 else c.Employment.STUDENT,
            is_parent_carer=age >= 25 and rng.random() < 0.15,
            is_kinship_carer=age >= 40 and rng.random() < 0.05,
            hours_band=rng.choices(c.HoursBand.values, [45, 25, 30])[0],
            identification_source=rng.choice(c.IdentificationSource.values),
            identified_on=max(identified, born + timedelta(days=365 * 8)),
            consent_to_share=rng.random() < 0.8,
            sex=rng.choice(["female", "female", "male", "prefer_not_to_say", ""]),
            ethnicity=rng.choice(["white", "white", "white", "asian", "black", "mixed", "prefer_not_to_say", ""]),
        )
        created += 1
        for _ in range(rng.choice([1, 1, 1, 2])):
            services.cared_for_add(
                carer=carer,
                user=officer,
                first_name=rng.choice(FIRST_NAMES),
                last_name=last,
                date_of_birth=today - timedelta(days=rng.randint(5, 95) * 365),
                relationship=rng.choice(c.Relationship.values),
                conditions=rng.sample(conditions, k=min(len(conditions), rng.randint(1, 2))),
                lives_with_carer=rng.random() < 0.6,
            )
        days = sorted(rng.sample(range(1, 3 * 365), k=rng.randint(0, 6)), reverse=True)
        for day in days:
            open_now = list(carer.referrals.filter(status=c.ReferralStatus.OPEN))
            services.contact_log(
                user=officer,
                carer=carer,
                channel=rng.choices(c.Channel.values, [70, 12, 8, 8, 2])[0],
                contacted_at=_moment(rng, today - timedelta(days=day)),
                reason=rng.choice(reasons),
                advice_given=rng.choice(ADVICE),
                outcome=rng.choice(c.ContactOutcome.values),
                referrals=rng.sample(c.ReferralKind.values[:-1], k=rng.choice([0, 0, 1, 2])),
                close_referrals=open_now if open_now and rng.random() < 0.5 else [],
            )
            contacts += 1
        if rng.random() < 0.4:
            assessed = today - timedelta(days=rng.randint(10, 700))
            kind = rng.choices(c.AssessmentType.values, [731, 5568, 5370])[0]  # Devon's mix (seed 001)
            outcome = rng.choice([c.AssessmentOutcome.ELIGIBLE, c.AssessmentOutcome.NOT_ELIGIBLE])
            services.assessment_save(
                user=officer,
                carer=carer,
                assessment_type=kind,
                assessed_on=assessed,
                outcome=outcome,
                eligible_needs="Needs a regular break to keep caring."
                if outcome == c.AssessmentOutcome.ELIGIBLE
                else "",
                support_plan="Sitting service and carer's grant." if outcome == c.AssessmentOutcome.ELIGIBLE else "",
                next_review_on=assessed + timedelta(days=365),
            )
            assessments += 1
        if rng.random() < 0.15:
            issued = today - timedelta(days=rng.randint(0, 600))
            services.contingency_plan_save(
                user=officer,
                carer=carer,
                emergency_contacts=f"{rng.choice(FIRST_NAMES)} {last} (family), {_phone(rng)}",
                arrangements="Cared-for person needs help with meals and medication.",
                card_number=f"EC{SEED % 1000:03d}{n:05d}",
                issued_on=issued,
                review_on=issued + timedelta(days=365),
            )
            plans += 1
    if created:
        rng = random.Random(SEED)  # nosec B311 - demo data, nothing secret
        for name in ("Mrs Thompson", "Caller from Banbury"):
            services.contact_log(
                user=officer,
                caller_name=name,
                caller_phone=_phone(rng),
                reason=reasons[0],
                outcome=c.ContactOutcome.CALL_BACK,
                advice_given="Caller did not want to give details yet; call back arranged.",
                referrals=[c.ReferralKind.CARERS_SUPPORT_SERVICE],
            )
    # KPI estimates and targets, Devon's assessment figures, grants and the directory (after the
    # carers above: the Oxfordshire grants need them).
    from carers import demo_kpis

    features = demo_kpis.load()
    return (
        f"{created} carers ({COUNT - created} already there or skipped), {contacts} contacts, "
        f"{assessments} assessments, {plans} contingency plans; {features}"
    )
