"""Demo data from seeds 001 (Oxfordshire: personal budgets, RAS bands, the accelerated review grid)
and 004 (Doncaster: the specialist home and community support open framework — evaluation window,
due diligence and quality questions, call-offs scored on a cost/quality split, 153 packages from
five providers, just over 1,000 hours a week, about £760,000 a year).

Everything is loaded for the demo brokerage officer's council (Oxfordshire), so that signing in as
`broker` shows it. Idempotent: a second run finds the framework and stops."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganisationKind
from accounts.models import Organisation, User
from brokerage import choices as b
from brokerage import services
from brokerage.models import CarePackage, Framework, RasBand
from carers.models import Carer
from commissioning.models import ServiceLine
from common.writes import model_save

FRAMEWORK = "Specialist Home and Community Support Open Framework"
COUNCIL = "Oxfordshire County Council"
SEED = 20261124
# RAS bandings (seed 001: "a targeted costs approach across a number of bandings").
RAS_BANDS = [
    ("Band A — low", "60.00"),
    ("Band B — moderate", "120.00"),
    ("Band C — substantial", "220.00"),
    ("Band D — critical", "360.00"),
]
# The five organisations delivering the 153 packages (seed 004); names are the demo's own.
PROVIDERS = [
    "Holmewood Specialist Support",
    "Danum Community Care",
    "Riverside Enablement",
    "Wheatley Hills Support Services",
    "Cusworth Care Partnership",
]
PACKAGES = 153
# Seed 001's accelerated review grid: outcome → reviews, then 11 on hold; 47 chose brokerage.
REVIEW_GRID = [
    (b.ReviewOutcome.SIZE_AND_METHOD, 32),
    (b.ReviewOutcome.METHOD_ONLY, 3),
    (b.ReviewOutcome.SIZE_ONLY, 17),
    (b.ReviewOutcome.NO_CHANGE, 45),
    (b.ReviewOutcome.ON_HOLD, 11),
]
CHOSE_BROKERAGE = 47
# £372,000 a year saved over the 49 reviews that changed the size: about £146 a week each.
WEEKLY_SAVING = Decimal("146.00")
DUE_DILIGENCE = [
    "Insurance certificates (employer's and public liability)",
    "CQC registration and latest rating",
    "Safeguarding policy",
    "Financial standing (last two years' accounts)",
]
QUALITY = [
    "How will you build a support plan around the person's outcomes?",
    "How will you use low cost / no cost community resources?",
]


def _at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load() -> str:
    broker = User.objects.filter(username="broker").first()
    council = Organisation.objects.filter(name=COUNCIL).first()
    if broker is None or council is None:
        return "skipped: load the accounts demo first"
    for name, amount in RAS_BANDS:
        RasBand.objects.get_or_create(name=name, defaults={"indicative_weekly_amount": Decimal(amount)})
    if Framework.objects.filter(organisation=council, name=FRAMEWORK).exists():
        return "already loaded"
    carers = list(Carer.objects.filter(organisation=council).prefetch_related("caring_relationships")[:200])
    if not carers:
        return "skipped: load the carers demo first"
    rng = random.Random(SEED)  # nosec B311 - demo figures
    today = timezone.localdate()
    bands = list(RasBand.objects.order_by("indicative_weekly_amount"))
    specialist, _ = ServiceLine.objects.get_or_create(name="Specialist home and community support")
    sitting = ServiceLine.objects.filter(name="Befriending and sitting").first() or specialist
    framework = services.framework_create(
        user=broker,
        name=FRAMEWORK,
        categories=[specialist, sitting],
        terms="Standard terms and conditions of the open framework (light touch regime, PCR 2015).",
    )
    services.window_add(
        framework=framework, opens_on=today - timedelta(days=400), closes_on=today - timedelta(days=340)
    )
    services.window_add(framework=framework, opens_on=today - timedelta(days=14), closes_on=today + timedelta(days=30))
    providers = []
    for name in [*PROVIDERS, "Northfield Home Support", "Quickcare Agency"]:
        org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": OrganisationKind.PROVIDER})
        providers.append(org)
    for n, provider in enumerate(providers):
        applied = today - timedelta(days=380) if n < 5 else today - timedelta(days=3)
        application = services.application_submit(
            framework=framework, provider=provider, categories=[specialist, sitting], applied_on=applied
        )
        for item in DUE_DILIGENCE:
            passed = not (n == 6 and "Insurance" in item)
            services.check_add(
                application=application,
                kind=b.CheckKind.DUE_DILIGENCE,
                item=item,
                passed=passed,
                evidence="Seen and filed." if passed else "Certificate expired.",
            )
        for question in QUALITY:
            services.check_add(
                application=application, kind=b.CheckKind.QUALITY, item=question, score=rng.randint(3, 5)
            )
        if n < 5:
            services.application_decide(
                application=application,
                user=broker,
                status=b.ApplicationStatus.ADMITTED,
                decided_on=applied + timedelta(days=21),
            )
        elif n == 6:
            services.application_decide(
                application=application,
                user=broker,
                status=b.ApplicationStatus.REFUSED,
                decision_reason="Failed due diligence: insurance certificate expired.",
            )
    admitted = providers[:5]

    def budget(carer, band, weekly, start):
        return services.budget_create(
            user=broker,
            carer=carer,
            ras_band=band,
            agreed_weekly=weekly,
            method=rng.choice(b.BudgetMethod.values),
            start_on=start,
            review_on=start + timedelta(days=365),
        )

    # The 153 packages moved over from the old framework, about 6.5 hours a week each at ~£14.60 an hour.
    packages = []
    for n in range(PACKAGES):
        carer = carers[n % len(carers)]
        hours = Decimal(rng.choice(["4.00", "5.50", "6.00", "6.50", "7.00", "8.00", "9.00"]))
        weekly = (hours * Decimal("14.60")).quantize(Decimal("0.01"))
        start = today - timedelta(days=rng.randint(200, 700))
        band = next((x for x in bands if x.indicative_weekly_amount >= weekly), bands[-1])
        agreed = (weekly * Decimal(rng.choice(["0.95", "1.00", "1.05", "1.15", "1.25"]))).quantize(Decimal("0.01"))
        pb = budget(carer, band, agreed, start)
        # Moved over from the old framework: no call-off.
        package = model_save(
            CarePackage(organisation=council, personal_budget=pb, framework=framework, category=specialist),
            provider=admitted[n % 5],
            hours_per_week=hours,
            weekly_cost=weekly,
            start_on=start,
            review_on=today + timedelta(days=rng.randint(-10, 180)),
        )
        packages.append(package)
    # The accelerated review grid: 109 of the packages reviewed.
    outcomes = [outcome for outcome, count in REVIEW_GRID for _ in range(count)]
    chose = set(rng.sample(range(len(outcomes) - 11), CHOSE_BROKERAGE))
    for n, outcome in enumerate(outcomes):
        package = packages[n]
        resized = outcome in (b.ReviewOutcome.SIZE_AND_METHOD, b.ReviewOutcome.SIZE_ONLY)
        if resized:  # the cost before the review: the saving on top of today's cost
            services.package_update(
                package=package,
                weekly_cost=package.weekly_cost + WEEKLY_SAVING,
                reason="Cost before the accelerated review",
            )
            package.refresh_from_db()
        services.review_record(
            package=package,
            user=broker,
            reviewed_on=max(package.start_on, today - timedelta(days=rng.randint(5, 60))),
            outcome=outcome,
            weekly_cost_after=package.weekly_cost - WEEKLY_SAVING if resized else None,
            chose_brokerage=n in chose,
            on_hold_reason="Admitted to hospital" if outcome == b.ReviewOutcome.ON_HOLD else "",
        )
    # Three call-offs at different stages.
    specs = [
        ("Evening and weekend support for a young man with autism", "awarded"),
        ("Daytime community support for an older woman with dementia", "closed"),
        ("Support to attend college and community activities", "open"),
    ]
    calloffs = 0
    for n, (title, stage) in enumerate(specs):
        carer = carers[-(n + 1)]
        pb = budget(carer, bands[2], Decimal("210.00"), today - timedelta(days=20))
        calloff = services.calloff_create(
            user=broker,
            framework=framework,
            category=specialist,
            personal_budget=pb,
            title=title,
            needs_summary="Needs support with personal care, meals and getting out in the community; "
            "prefers a consistent small team; two hours each weekday evening and four on Saturday.",
            hours_per_week=Decimal("14.00"),
            cost_weight=40,
            quality_weight=60,
            quality_questions="How will you keep the same small team?\nHow will you help build friendships?",
            closes_at=_at(today + timedelta(days=5)) if stage == "open" else _at(today - timedelta(days=2)),
        )
        calloffs += 1
        received = calloff.closes_at - timedelta(days=1)
        for k, provider in enumerate(admitted[: 3 if stage != "open" else 2]):
            bid = services.bid_submit(
                calloff=calloff,
                provider=provider,
                weekly_price=Decimal("195.00") + 12 * k,
                hours_per_week=Decimal("14.00"),
                proposal="A named team of three support workers...",
                answers="We recruit locally and match on interests.",
                received_at=received - timedelta(hours=k),
            )
            if stage != "open":
                services.bid_assess(
                    bid=bid,
                    user=broker,
                    # Scores per question (0-5): 70%, 80%, 90% of the points.
                    question_scores={1: 4, 2: 3 + k} if k < 2 else {1: 5, 2: 4},
                    suitable=k != 2,
                    suitability_reason="" if k != 2 else "Cannot cover Saturdays.",
                )
        if stage != "open":
            services.calloff_close(calloff=calloff)
        if stage == "awarded":
            best = calloff.bids.filter(suitable=True).order_by("-quality_score", "id").first()
            services.calloff_choose(
                calloff=calloff,
                bid=best,
                user=broker,
                start_on=today,
                review_on=today + timedelta(weeks=6),
                choice_reason="The person met the team.",
            )
    return f"1 framework, {len(providers)} applications, {PACKAGES} packages, 109 reviews, {calloffs} call-offs"
