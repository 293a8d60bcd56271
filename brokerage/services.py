"""Writes of brokerage: budgets, frameworks and applications, call-offs, bids, the choice that
makes a care package, package changes and reviews. Each checks its state and rules, then saves
through model_save (full_clean, constraints' messages on their fields)."""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganisationKind
from brokerage import choices as b
from brokerage.models import (
    ApplicationCheck,
    Bid,
    BidQuestionScore,
    CallOff,
    CarePackage,
    EvaluationWindow,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderApplication,
    ProviderReturn,
    TransferPlan,
)
from common.errors import DomainError
from common.writes import model_save

PENNY = Decimal("0.01")


def _same_council(user, organisation_id: int) -> None:
    if not user.is_superuser and user.organisation_id != organisation_id:
        raise DomainError("This record belongs to another council.")


# --- Personal budgets --------------------------------------------------------------------------


@transaction.atomic
def budget_create(
    *,
    user,
    carer,
    ras_band,
    agreed_weekly: Decimal,
    method: str,
    start_on: date,
    review_on: date,
    cared_for=None,
    notes: str = "",
) -> PersonalBudget:
    """Set a personal budget for a carer or a person they care for; the RAS band gives the
    indicative amount (copied, so that a later change to the band leaves this budget alone)."""
    _same_council(user, carer.organisation_id)
    if cared_for is not None and not cared_for.caring_relationships.filter(carer=carer).exists():
        raise DomainError("Choose a person this carer cares for.", field="cared_for")
    budget = PersonalBudget(organisation_id=carer.organisation_id, carer=carer, cared_for=cared_for)
    return model_save(
        budget,
        ras_band=ras_band,
        indicative_weekly=ras_band.indicative_weekly_amount,
        agreed_weekly=agreed_weekly,
        method=method,
        start_on=start_on,
        review_on=review_on,
        notes=notes,
    )


@transaction.atomic
def budget_update(*, budget: PersonalBudget, ras_band=None, **fields) -> PersonalBudget:
    """Change a budget's agreed amount, method, dates or band (a new band gives its amount)."""
    budget = PersonalBudget.objects.select_for_update().get(pk=budget.pk)
    if ras_band is not None and ras_band.pk != budget.ras_band_id:
        fields |= {"ras_band": ras_band, "indicative_weekly": ras_band.indicative_weekly_amount}
    return model_save(budget, **fields)


# --- Frameworks, windows, applications ------------------------------------------------------------


@transaction.atomic
def framework_create(*, user, name: str, categories, terms: str = "", is_active: bool = True) -> Framework:
    """Set up an open framework of the user's council with its service categories."""
    if not categories:
        raise DomainError("Choose at least one service category.", field="categories")
    framework = model_save(Framework(organisation_id=user.organisation_id), name=name, terms=terms, is_active=is_active)
    framework.categories.set(categories)
    return framework


@transaction.atomic
def framework_update(*, framework: Framework, categories=None, **fields) -> Framework:
    framework = model_save(framework, **fields)
    if categories is not None:
        if not categories:
            raise DomainError("Choose at least one service category.", field="categories")
        framework.categories.set(categories)
    return framework


@transaction.atomic
def window_add(*, framework: Framework, opens_on: date, closes_on: date) -> EvaluationWindow:
    """Open an evaluation window; windows of one framework never overlap."""
    if opens_on and closes_on and framework.windows.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists():
        raise DomainError("This window overlaps another window of the framework.", field="opens_on")
    return model_save(EvaluationWindow(framework=framework), opens_on=opens_on, closes_on=closes_on)


OUTSIDE_WINDOW = "Applications are accepted only in an open evaluation window; {day} is outside every window."


@transaction.atomic
def application_submit(*, framework: Framework, provider, categories, applied_on: date) -> ProviderApplication:
    """Record a provider's application in the evaluation window open on `applied_on`; refused
    outside every window."""
    if provider.kind != OrganisationKind.PROVIDER:
        raise DomainError("Only providers apply to a framework.", field="provider")
    window = framework.windows.filter(opens_on__lte=applied_on, closes_on__gte=applied_on).first()
    if window is None:
        raise DomainError(OUTSIDE_WINDOW.format(day=f"{applied_on:%d %B %Y}"), field="applied_on")
    if not categories:
        raise DomainError("Choose the categories the provider applies for.", field="categories")
    offered = set(framework.categories.values_list("pk", flat=True))
    if any(category.pk not in offered for category in categories):
        raise DomainError("Apply only for the framework's own categories.", field="categories")
    application = model_save(
        ProviderApplication(framework=framework, window=window), provider=provider, applied_on=applied_on
    )
    application.categories.set(categories)
    return application


@transaction.atomic
def check_add(
    *, application: ProviderApplication, kind: str, item: str, passed=None, score=None, evidence: str = ""
) -> ApplicationCheck:
    """Record one due-diligence item (passed or failed) or quality question (scored) of an application."""
    if application.status != b.ApplicationStatus.SUBMITTED:
        raise DomainError("This application was already decided.")
    if kind == b.CheckKind.DUE_DILIGENCE:
        if passed is None:
            raise DomainError("Say whether the item was passed or failed.", field="passed")
        score = None
    elif kind == b.CheckKind.QUALITY:
        if score is None:
            raise DomainError("Score the quality question from 0 to 5.", field="score")
        passed = None
    return model_save(
        ApplicationCheck(application=application), kind=kind, item=item, passed=passed, score=score, evidence=evidence
    )


@transaction.atomic
def application_decide(
    *, application: ProviderApplication, user, status: str, decision_reason: str = "", decided_on: date | None = None
) -> ProviderApplication:
    """Admit a provider (every due-diligence item passed) or refuse them (with the reason)."""
    if not user.has_perm("brokerage.decide_providerapplication"):
        raise DomainError("Your role may not decide framework applications.")
    application = ProviderApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != b.ApplicationStatus.SUBMITTED:
        raise DomainError("This application was already decided.", field="status")
    if status == b.ApplicationStatus.ADMITTED:
        checks = application.checks.filter(kind=b.CheckKind.DUE_DILIGENCE)
        if not checks.exists():
            raise DomainError("Record the due diligence checks before admitting the provider.", field="status")
        if checks.filter(passed=False).exists():
            raise DomainError("A provider who failed a due diligence item cannot be admitted.", field="status")
    elif status == b.ApplicationStatus.REFUSED:
        if not decision_reason.strip():
            raise DomainError("Give the reason for refusing the application.", field="decision_reason")
    else:
        raise DomainError("Choose admit or refuse.", field="status")
    return model_save(
        application,
        status=status,
        decision_reason=decision_reason,
        decided_on=decided_on or timezone.localdate(),
        decided_by=user,
    )


def admitted_to(*, framework: Framework, category, provider) -> bool:
    """Whether the provider is admitted to the framework for this category."""
    return ProviderApplication.objects.filter(
        framework=framework, provider=provider, status=b.ApplicationStatus.ADMITTED, categories=category
    ).exists()


# --- Call-offs and bids ---------------------------------------------------------------------------


def _identifiers(budget: PersonalBudget) -> list[str]:
    """What would identify the person in an advert: names, postcode, address lines, date of birth."""
    carer = budget.carer
    found = [carer.first_name, carer.last_name, carer.postcode, carer.phone]
    found += [line.strip() for line in re.split(r"[,\n]", carer.address or "")]
    if carer.date_of_birth:
        found.append(f"{carer.date_of_birth:%d/%m/%Y}")
    if budget.cared_for is not None:
        found += [budget.cared_for.first_name, budget.cared_for.last_name]
        if budget.cared_for.date_of_birth:
            found.append(f"{budget.cared_for.date_of_birth:%d/%m/%Y}")
    return [value for value in found if value and len(value) >= 3]


def identifier_in(text: str, budget: PersonalBudget) -> str | None:
    """The first identifier of the budget's person found in `text` (whole words, any case)."""
    for value in _identifiers(budget):
        if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, flags=re.IGNORECASE):
            return value
    return None


NOT_ANONYMOUS = "Providers see this: take out the person's name, address, postcode, phone and date of birth."


@transaction.atomic
def calloff_create(
    *,
    user,
    framework: Framework,
    category,
    personal_budget: PersonalBudget,
    title: str,
    needs_summary: str,
    hours_per_week: Decimal,
    cost_weight: int,
    quality_weight: int,
    closes_at: datetime,
    indicative_weekly_budget: Decimal | None = None,
    area=None,
    cost_formula: str = b.CostFormula.LOWEST_PRO_RATA,
    quality_questions: str = "",
) -> CallOff:
    """Advertise a package to the framework's admitted providers of `category`. The needs summary
    and title must not identify the person; the starter budget defaults to the agreed budget."""
    _same_council(user, framework.organisation_id)
    _same_council(user, personal_budget.organisation_id)
    if not framework.categories.filter(pk=category.pk).exists():
        raise DomainError("Choose one of the framework's categories.", field="category")
    for field, text in (("title", title), ("needs_summary", needs_summary), ("quality_questions", quality_questions)):
        if identifier_in(text or "", personal_budget):
            raise DomainError(NOT_ANONYMOUS, field=field)
    calloff = CallOff(organisation_id=framework.organisation_id, framework=framework, personal_budget=personal_budget)
    return model_save(
        calloff,
        category=category,
        title=title,
        needs_summary=needs_summary,
        area=area,
        hours_per_week=hours_per_week,
        indicative_weekly_budget=indicative_weekly_budget or personal_budget.agreed_weekly,
        cost_weight=cost_weight,
        quality_weight=quality_weight,
        cost_formula=cost_formula,
        quality_questions=quality_questions,
        closes_at=closes_at,
    )


@transaction.atomic
def calloff_update(*, calloff: CallOff, **fields) -> CallOff:
    """Correct an open call-off (weights, deadline, summary...) before bids are chosen."""
    calloff = CallOff.objects.select_for_update().get(pk=calloff.pk)
    if calloff.status != b.CallOffStatus.OPEN:
        raise DomainError("Only an open call-off can be changed.")
    for field in ("title", "needs_summary", "quality_questions"):
        if field in fields and identifier_in(fields[field] or "", calloff.personal_budget):
            raise DomainError(NOT_ANONYMOUS, field=field)
    return model_save(calloff, **fields)


AFTER_DEADLINE = "Bids closed at {deadline}; this bid arrived after the deadline."


@transaction.atomic
def bid_submit(
    *,
    calloff: CallOff,
    provider,
    weekly_price: Decimal,
    hours_per_week: Decimal,
    proposal: str,
    answers: str = "",
    received_at: datetime | None = None,
) -> Bid:
    """Record a provider's bid: refused after the deadline, or from a provider not admitted to the
    call-off's category on its framework."""
    calloff = CallOff.objects.select_for_update().get(pk=calloff.pk)
    received_at = received_at or timezone.now()
    if calloff.status != b.CallOffStatus.OPEN:
        raise DomainError("This call-off is not open for bids.")
    if received_at > calloff.closes_at:
        deadline = timezone.localtime(calloff.closes_at)
        raise DomainError(AFTER_DEADLINE.format(deadline=f"{deadline:%H:%M on %d %B %Y}"), field="received_at")
    if not admitted_to(framework=calloff.framework, category=calloff.category, provider=provider):
        raise DomainError("This provider is not admitted to the framework for this category.", field="provider")
    if weekly_price is not None and weekly_price <= 0:
        raise DomainError("Enter a price greater than zero.", field="weekly_price")
    return model_save(
        Bid(calloff=calloff),
        provider=provider,
        weekly_price=weekly_price,
        hours_per_week=hours_per_week,
        proposal=proposal,
        answers=answers,
        received_at=received_at,
    )


QUALITY_FROM_QUESTIONS = "This call-off has quality questions: score each question and the quality score follows."


@transaction.atomic
def bid_assess(
    *,
    bid: Bid,
    user,
    quality_score: Decimal | None = None,
    question_scores: dict[int, int | None] | None = None,
    suitable: bool | None = None,
    suitability_reason: str = "",
) -> Bid:
    """The evaluator's scores and the social worker's check: suitable or not, with the reason (a
    reason is needed for an unsuitable bid).

    Where the call-off sets quality questions, the evaluator scores each (0–5, `question_scores`
    by question number) and the bid's quality score is computed: the points scored as a
    percentage of the points possible, once every question is scored (until then, not scored).
    A call-off without questions takes one quality score (0–100) for the answers."""
    bid = Bid.objects.select_for_update().select_related("calloff").get(pk=bid.pk)
    if bid.calloff.status in (b.CallOffStatus.AWARDED, b.CallOffStatus.CANCELLED):
        raise DomainError("The call-off was already decided.")
    if suitable is False and not suitability_reason.strip():
        raise DomainError("Say why the bid does not meet the person's needs.", field="suitability_reason")
    questions = bid.calloff.question_list
    if questions:
        if quality_score is not None:
            raise DomainError(QUALITY_FROM_QUESTIONS, field="quality_score")
        quality_score = _question_scores_save(bid, questions, question_scores or {})
    elif question_scores:
        raise DomainError("This call-off sets no quality questions: give one quality score.", field="question_scores")
    return model_save(
        bid,
        quality_score=quality_score,
        suitable=suitable,
        suitability_reason=suitability_reason,
        checked_by=user if suitable is not None else bid.checked_by,
    )


def _question_scores_save(bid: Bid, questions: list[str], scores: dict[int, int | None]) -> Decimal | None:
    """Save the scores given (a question left empty keeps its score) and return the bid's quality
    score: points scored ÷ points possible × 100, or None while a question is unscored."""
    for number, score in scores.items():
        if not isinstance(number, int) or not 1 <= number <= len(questions):
            raise DomainError(f"The call-off has questions 1 to {len(questions)}.", field="question_scores")
        if score is None:
            continue
        if not 0 <= score <= b.QUALITY_SCORE_MAX:
            raise DomainError("Score each question from 0 to 5.", field=f"question_{number}")
        row = BidQuestionScore.objects.filter(bid=bid, number=number).first() or BidQuestionScore(
            bid=bid, number=number
        )
        model_save(row, question=questions[number - 1][:300], score=score)
    given = dict(BidQuestionScore.objects.filter(bid=bid, number__lte=len(questions)).values_list("number", "score"))
    if len(given) < len(questions):
        return None
    points = Decimal(sum(given.values()))
    return (points * 100 / (b.QUALITY_SCORE_MAX * len(questions))).quantize(PENNY, ROUND_HALF_UP)


@transaction.atomic
def calloff_close(*, calloff: CallOff) -> CallOff:
    """Stop taking bids (the deadline passed or the officer closes it early)."""
    calloff = CallOff.objects.select_for_update().get(pk=calloff.pk)
    if calloff.status != b.CallOffStatus.OPEN:
        raise DomainError("Only an open call-off can be closed.")
    return model_save(calloff, status=b.CallOffStatus.CLOSED)


@transaction.atomic
def calloff_choose(
    *, calloff: CallOff, bid: Bid, user, start_on: date, review_on: date, choice_reason: str = ""
) -> CarePackage:
    """Record the person's (or carer's) choice among the suitable bids and create the care package.

    The choice need not be the top-ranked suitable bid, but choosing another needs a reason."""
    from brokerage.selectors import ranked_bids

    if not user.has_perm("brokerage.award_calloff"):
        raise DomainError("Your role may not award call-offs.")
    calloff = CallOff.objects.select_for_update().select_related("personal_budget").get(pk=calloff.pk)
    if calloff.status in (b.CallOffStatus.AWARDED, b.CallOffStatus.CANCELLED):
        raise DomainError("This call-off was already decided.", field="bid")
    if bid.calloff_id != calloff.pk:
        raise DomainError("Choose a bid made for this call-off.", field="bid")
    if bid.suitable is not True:
        raise DomainError("Only a bid the social worker marked suitable can be chosen.", field="bid")
    top = ranked_bids(calloff).filter(suitable=True).order_by("rank", "weekly_price", "id").first()
    if top is not None and top.pk != bid.pk and not choice_reason.strip():
        raise DomainError(
            "This is not the top-ranked suitable bid: record why the person chose it.", field="choice_reason"
        )
    package = model_save(
        CarePackage(organisation_id=calloff.organisation_id, calloff=calloff, bid=bid),
        personal_budget=calloff.personal_budget,
        framework=calloff.framework,
        category_id=calloff.category_id,
        provider_id=bid.provider_id,
        hours_per_week=bid.hours_per_week,
        weekly_cost=bid.weekly_price,
        start_on=start_on,
        review_on=review_on,
        choice_reason=choice_reason,
    )
    model_save(calloff, status=b.CallOffStatus.AWARDED)
    return package


# --- Packages and reviews -------------------------------------------------------------------------


@transaction.atomic
def package_update(*, package: CarePackage, reason: str = "", **fields) -> CarePackage:
    """Change a package's hours, cost, dates or status (the history keeps each change and its reason)."""
    package = CarePackage.objects.select_for_update().get(pk=package.pk)
    return model_save(package, reason=reason or None, **fields)


@transaction.atomic
def review_record(
    *,
    package: CarePackage,
    user,
    reviewed_on: date,
    outcome: str,
    weekly_cost_after: Decimal | None = None,
    hours_per_week_after: Decimal | None = None,
    next_review_on: date | None = None,
    chose_brokerage: bool = False,
    on_hold_reason: str = "",
) -> PackageReview:
    """Record a package review; a change of size sets the package's new hours and cost, and the
    next review date moves on. The saving is the weekly cost before less after."""
    package = CarePackage.objects.select_for_update().get(pk=package.pk)
    if reviewed_on < package.start_on:
        raise DomainError("A review cannot be before the package starts.", field="reviewed_on")
    before = package.weekly_cost
    after = before if weekly_cost_after is None or outcome == b.ReviewOutcome.ON_HOLD else weekly_cost_after
    if after <= 0:
        raise DomainError("Enter a weekly cost greater than zero.", field="weekly_cost_after")
    review = model_save(
        PackageReview(package=package, reviewed_by=user),
        reviewed_on=reviewed_on,
        outcome=outcome,
        on_hold_reason=on_hold_reason,
        chose_brokerage=chose_brokerage,
        weekly_cost_before=before,
        weekly_cost_after=after,
    )
    changes = {"weekly_cost": after}
    if hours_per_week_after and outcome != b.ReviewOutcome.ON_HOLD:
        changes["hours_per_week"] = hours_per_week_after
    if next_review_on:
        if next_review_on < package.start_on:
            raise DomainError("The review date cannot be before the package starts.", field="next_review_on")
        changes["review_on"] = next_review_on
    model_save(package, reason=f"Review on {reviewed_on:%d %b %Y}: {review.get_outcome_display()}", **changes)
    return review


# --- Transfers from an old framework --------------------------------------------------------------

NOT_ADMITTED_FOR_TRANSFER = (
    "{provider} is not admitted to {framework} for {category}: admit them first, or record the "
    "provider the person chose instead."
)


NO_PACKAGES_FOUND = (
    "No active package {whose} can move to {framework}: none is in one of its categories and not "
    "planned to transfer already."
)


def _transfer_label(transfer: PackageTransfer) -> str:
    return transfer.get_status_display().lower()


@transaction.atomic
def transfer_plan_create(
    *,
    user,
    name: str,
    framework: Framework,
    transfer_on: date,
    packages=None,
    from_framework: Framework | None = None,
    from_provider=None,
) -> TransferPlan:
    """Plan the move of existing packages to a new framework, each on `transfer_on` and keeping the
    person's provider until the move is recorded.

    `packages` names them; left out (None), they are chosen in bulk: every active package of the
    old framework (or, with none named, of no framework) and of `from_provider` if one is named,
    in one of the new framework's categories and not planned to transfer already. Every package is
    checked before anything is saved: active, of the user's council, on the old framework named (if
    one is), with the provider named (if one is), in one of the new framework's categories, not on
    the new framework already, not planned elsewhere, and the transfer date not before it starts."""
    from brokerage.selectors import transfer_candidates

    _same_council(user, framework.organisation_id)
    if from_framework is not None:
        _same_council(user, from_framework.organisation_id)
        if from_framework.pk == framework.pk:
            raise DomainError("The old and the new framework must differ.", field="from_framework")
    if packages is None:
        if from_framework is None and from_provider is None:
            raise DomainError(
                "Choose the old framework or the provider whose packages move, or name the packages.",
                field="packages",
            )
        packages = list(
            transfer_candidates(user, framework=framework, from_framework=from_framework, from_provider=from_provider)
        )
        if not packages:
            whose = " and ".join(
                part
                for part in (
                    f"on {from_framework}" if from_framework is not None else "outside any framework",
                    f"with {from_provider}" if from_provider is not None else "",
                )
                if part
            )
            raise DomainError(NO_PACKAGES_FOUND.format(whose=whose, framework=framework), field="packages")
    packages = list(packages)
    if not packages:
        raise DomainError("Choose at least one package to transfer.", field="packages")
    ids = [package.pk for package in packages]
    locked = list(CarePackage.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    categories = set(framework.categories.values_list("pk", flat=True))
    planned = set(
        PackageTransfer.objects.filter(package__in=ids, status=b.TransferStatus.PLANNED).values_list(
            "package_id", flat=True
        )
    )
    for package in locked:
        _same_council(user, package.organisation_id)
        label = f"Package {package.pk}"
        if package.framework_id == framework.pk:
            raise DomainError(f"{label} is already on {framework}.", field="packages")
        if package.pk in planned:
            raise DomainError(f"{label} is already planned to transfer.", field="packages")
        if package.status != b.PackageStatus.ACTIVE:
            raise DomainError(f"{label} has ended; only active packages transfer.", field="packages")
        if from_framework is not None and package.framework_id != from_framework.pk:
            raise DomainError(f"{label} is not on {from_framework}.", field="packages")
        if from_provider is not None and package.provider_id != from_provider.pk:
            raise DomainError(f"{label} is not with {from_provider}.", field="packages")
        if package.category_id not in categories:
            raise DomainError(f"{label}'s category is not one of {framework}'s categories.", field="packages")
        if transfer_on and transfer_on < package.start_on:
            raise DomainError(
                f"The transfer date cannot be before {label} starts ({package.start_on:%d %B %Y}).",
                field="transfer_on",
            )
    plan = model_save(
        TransferPlan(organisation_id=framework.organisation_id, created_by=user),
        name=name,
        framework=framework,
        from_framework=from_framework,
    )
    for package in locked:
        # The person keeps their provider: the row remembers it, and the move keeps it unless
        # the person chooses another (transfer_record).
        model_save(
            PackageTransfer(plan=plan, package=package),
            transfer_on=transfer_on,
            from_provider_id=package.provider_id,
        )
    return plan


def _transfer_for_change(transfer: PackageTransfer, user, to_status: str, action: str) -> PackageTransfer:
    """The transfer locked for a change, once the user's permission and the transition table allow it."""
    if not user.has_perm("brokerage.change_packagetransfer"):
        raise DomainError("Your role may not change transfers.")
    transfer = (
        PackageTransfer.objects.select_for_update().select_related("plan__framework", "package").get(pk=transfer.pk)
    )
    if to_status not in b.TRANSFER_TRANSITIONS[transfer.status]:
        raise DomainError(
            f"This transfer was already recorded ({_transfer_label(transfer)}): it cannot be {action}.",
            field="status",
        )
    return transfer


@transaction.atomic
def transfer_record(
    *, transfer: PackageTransfer, user, status: str, provider=None, choice_reason: str = ""
) -> PackageTransfer:
    """Record a planned transfer: moved to the new framework with the person's provider, or with the
    provider the person chose instead (with the reason). Either provider must be admitted to the new
    framework for the package's category; the package's history keeps the change."""
    if status not in (b.TransferStatus.TRANSFERRED, b.TransferStatus.CHOSE_OTHER):
        raise DomainError("Choose transferred, or the person chose another provider.", field="status")
    transfer = _transfer_for_change(transfer, user, status, "recorded again")
    package = CarePackage.objects.select_for_update().select_related("provider", "category").get(pk=transfer.package_id)
    if package.status != b.PackageStatus.ACTIVE:
        raise DomainError("The package has ended; it cannot transfer.", field="status")
    framework = transfer.plan.framework
    if status == b.TransferStatus.CHOSE_OTHER:
        if provider is None:
            raise DomainError("Choose the provider the person chose.", field="provider")
        if provider.pk == package.provider_id:
            raise DomainError("This is the person's current provider: record it as transferred.", field="provider")
        if not choice_reason.strip():
            raise DomainError("Say why the person chose another provider.", field="choice_reason")
        field = "provider"
    else:
        provider, choice_reason, field = package.provider, "", "status"
    if not admitted_to(framework=framework, category=package.category, provider=provider):
        raise DomainError(
            NOT_ADMITTED_FOR_TRANSFER.format(provider=provider, framework=framework, category=package.category),
            field=field,
        )
    model_save(
        package,
        reason=f"Transferred to {framework} on {transfer.transfer_on:%d %b %Y}",
        framework=framework,
        provider=provider,
    )
    return model_save(
        transfer,
        reason="Transferred" if status == b.TransferStatus.TRANSFERRED else f"Moved to {provider}",
        status=status,
        to_provider=provider,
        choice_reason=choice_reason,
        recorded_by=user,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def transfer_reschedule(*, transfer: PackageTransfer, user, transfer_on: date, reason: str) -> PackageTransfer:
    """Move a planned transfer to a new date, with the reason; the transfer's history keeps every
    earlier date and reason. Only a planned transfer moves, never to a day before its package starts."""
    transfer = _transfer_for_change(transfer, user, b.TransferStatus.PLANNED, "rescheduled")
    if transfer_on is None:
        raise DomainError("Enter the new transfer date.", field="transfer_on")
    if transfer_on == transfer.transfer_on:
        raise DomainError(
            f"The transfer is already planned for {transfer_on:%d %B %Y}: choose another date.", field="transfer_on"
        )
    package = transfer.package
    if transfer_on < package.start_on:
        raise DomainError(
            f"The transfer date cannot be before Package {package.pk} starts ({package.start_on:%d %B %Y}).",
            field="transfer_on",
        )
    if not (reason or "").strip():
        raise DomainError("Say why the transfer date changes.", field="reason")
    before = transfer.transfer_on
    return model_save(
        transfer,
        reason=f"Rescheduled from {before:%d %b %Y} to {transfer_on:%d %b %Y}",
        transfer_on=transfer_on,
        reschedule_reason=reason.strip(),
    )


@transaction.atomic
def transfer_cancel(*, transfer: PackageTransfer, user, reason: str) -> PackageTransfer:
    """Cancel a planned transfer, with the reason: the package stays on its framework with its
    provider, and may be planned again later."""
    transfer = _transfer_for_change(transfer, user, b.TransferStatus.CANCELLED, "cancelled")
    if not (reason or "").strip():
        raise DomainError("Say why the transfer is cancelled.", field="reason")
    return model_save(
        transfer,
        reason="Cancelled",
        status=b.TransferStatus.CANCELLED,
        cancel_reason=reason.strip(),
        recorded_by=user,
        recorded_at=timezone.now(),
    )


# --- Provider returns ------------------------------------------------------------------------------


@transaction.atomic
def return_record(
    *,
    package: CarePackage,
    user,
    period_start: date,
    period_end: date,
    delivered_hours: Decimal,
    actual_cost: Decimal,
) -> ProviderReturn:
    """Enter a provider's return for a package and period: the hours delivered and the actual cost.
    The planned hours and cost are the package's weekly figures times the weeks in the period. A
    period before the package starts, in the future, or overlapping another return is refused."""
    package = CarePackage.objects.select_for_update().get(pk=package.pk)
    _same_council(user, package.organisation_id)
    if period_start and period_end:
        if period_start < package.start_on:
            raise DomainError(
                f"The period cannot start before the package starts ({package.start_on:%d %B %Y}).",
                field="period_start",
            )
        if period_end > timezone.localdate():
            raise DomainError(
                "A return is for hours already delivered: the period cannot end in the future.", field="period_end"
            )
        if package.returns.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
            raise DomainError("This period overlaps another return of the package.", field="period_start")
    if delivered_hours is not None and delivered_hours < 0:
        raise DomainError("Hours delivered cannot be negative.", field="delivered_hours")
    if actual_cost is not None and actual_cost < 0:
        raise DomainError("The actual cost cannot be negative.", field="actual_cost")
    weeks = Decimal((period_end - period_start).days + 1) / 7 if period_start and period_end else Decimal(0)
    return model_save(
        ProviderReturn(package=package, entered_by=user),
        period_start=period_start,
        period_end=period_end,
        planned_hours=(package.hours_per_week * weeks).quantize(PENNY, ROUND_HALF_UP),
        planned_cost=(package.weekly_cost * weeks).quantize(PENNY, ROUND_HALF_UP),
        delivered_hours=delivered_hours,
        actual_cost=actual_cost,
    )
