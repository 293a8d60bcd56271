"""Writes of brokerage: budgets, frameworks and applications, call-offs, bids, the choice that
makes a care package, package changes and reviews. Each checks its state and rules, then saves
through model_save (full_clean, constraints' messages on their fields)."""

import re
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganisationKind
from brokerage import choices as b
from brokerage.models import (
    ApplicationCheck,
    Bid,
    CallOff,
    CarePackage,
    EvaluationWindow,
    Framework,
    PackageReview,
    PersonalBudget,
    ProviderApplication,
)
from common.errors import DomainError
from common.writes import model_save


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


@transaction.atomic
def bid_assess(
    *, bid: Bid, user, quality_score: Decimal | None = None, suitable: bool | None = None, suitability_reason: str = ""
) -> Bid:
    """The evaluator's quality score and the social worker's check: suitable or not, with the reason
    (a reason is needed for an unsuitable bid)."""
    bid = Bid.objects.select_for_update().select_related("calloff").get(pk=bid.pk)
    if bid.calloff.status in (b.CallOffStatus.AWARDED, b.CallOffStatus.CANCELLED):
        raise DomainError("The call-off was already decided.")
    if suitable is False and not suitability_reason.strip():
        raise DomainError("Say why the bid does not meet the person's needs.", field="suitability_reason")
    return model_save(
        bid,
        quality_score=quality_score,
        suitable=suitable,
        suitability_reason=suitability_reason,
        checked_by=user if suitable is not None else bid.checked_by,
    )


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
