"""The contracts register's due dates, registered with the reminder engine (reminders.registry).

Each reaches the contract's owner, or the commissioners of its accountable body where it has none.
The dates are derived (a contract's current end comes from its amendments), so an extension
moves them: the old end's keys are no longer fetched and its unread reminders are withdrawn
(services.contracts.notifications_withdraw).
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from commissioning.choices import ContractStatus
from commissioning.models import Accreditation, Contract, ContractKpi
from commissioning.querysets import ending_between
from commissioning.terms import add_months
from reminders.registry import DueItem, Source, register

CHUNK = 2000


def _commissioners() -> dict[int, tuple[int, ...]]:
    """Active commissioners by organisation (one query per scan)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(is_active=True, groups__name=Role.COMMISSIONER.value).values_list(
        "organisation_id", "id"
    )
    for organisation_id, user_id in rows.distinct():
        found[organisation_id].append(user_id)
    return {org: tuple(ids) for org, ids in found.items()}


def _recipients(owner_id, body_id, commissioners) -> tuple[int, ...]:
    return (owner_id,) if owner_id else commissioners.get(body_id, ())


def _live():
    return Contract.objects.filter(status=ContractStatus.LIVE).with_current()


def contract_ends(start: date, end: date) -> Iterator[DueItem]:
    commissioners = _commissioners()
    rows = (
        _live()
        .filter(ending_between(start, end))
        .values_list("id", "reference", "title", "current_end", "owner_id", "accountable_body_id")
        .order_by("id")
        .iterator(chunk_size=CHUNK)
    )
    for pk, reference, title, due, owner_id, body_id in rows:
        yield DueItem(
            pk,
            due,
            f"Contract {reference} ({title[:80]}) ends",
            reverse("commissioning:contract_detail", args=[pk]),
            _recipients(owner_id, body_id, commissioners),
        )


def decisions_due(start: date, end: date) -> Iterator[DueItem]:
    """Decision due by = current end less the notice period (per contract, so the end range is
    widened by the longest notice and each date checked)."""
    commissioners = _commissioners()
    longest = Contract.objects.order_by("-notice_period_months").values_list("notice_period_months", flat=True).first()
    rows = (
        _live()
        .filter(current_end__range=(start, add_months(end, longest or 0) + timedelta(days=3)))
        .values_list(
            "id", "reference", "title", "current_end", "notice_period_months", "owner_id", "accountable_body_id"
        )
        .order_by("id")
        .iterator(chunk_size=CHUNK)
    )
    for pk, reference, title, current_end, notice, owner_id, body_id in rows:
        due = current_end - relativedelta(months=notice)
        if not start <= due <= end:
            continue
        yield DueItem(
            pk,
            due,
            f"Decision on contract {reference} ({title[:80]}): extend or re-procure",
            reverse("commissioning:contract_detail", args=[pk]),
            _recipients(owner_id, body_id, commissioners),
            body=f"The contract ends on {current_end:%-d %B %Y} with {notice} months' notice.",
        )


def contract_reviews(start: date, end: date) -> Iterator[DueItem]:
    commissioners = _commissioners()
    rows = (
        Contract.objects.filter(status=ContractStatus.LIVE, next_review_date__range=(start, end))
        .values_list("id", "reference", "title", "next_review_date", "owner_id", "accountable_body_id")
        .order_by("id")
        .iterator(chunk_size=CHUNK)
    )
    for pk, reference, title, due, owner_id, body_id in rows:
        yield DueItem(
            pk,
            due,
            f"Contract review of {reference} ({title[:80]})",
            reverse("commissioning:contract_detail", args=[pk]),
            _recipients(owner_id, body_id, commissioners),
        )


def accreditation_expiries(start: date, end: date) -> Iterator[DueItem]:
    """To the owners (or accountable bodies' commissioners) of the provider's live contracts."""
    commissioners = _commissioners()
    rows = list(
        Accreditation.objects.filter(expires_on__range=(start, end)).values_list(
            "id", "scheme", "expires_on", "provider_id", "provider__organisation_id", "provider__organisation__name"
        )
    )
    holders: dict[int, set[int]] = defaultdict(set)
    organisations = {row[4] for row in rows}
    for provider_id, owner_id, body_id in Contract.objects.filter(
        provider_id__in=organisations, status=ContractStatus.LIVE
    ).values_list("provider_id", "owner_id", "accountable_body_id"):
        holders[provider_id].update(_recipients(owner_id, body_id, commissioners))
    for pk, scheme, due, profile_id, organisation_id, name in rows:
        yield DueItem(
            pk,
            due,
            f"{name}'s {scheme} accreditation expires",
            reverse("commissioning:provider_detail", args=[profile_id]),
            tuple(sorted(holders.get(organisation_id, ()))),
        )


def kpi_returns_due(start: date, end: date) -> Iterator[DueItem]:
    commissioners = _commissioners()
    rows = (
        ContractKpi.objects.filter(contract__status=ContractStatus.LIVE, next_return_due__range=(start, end))
        .values_list(
            "id",
            "name",
            "next_return_due",
            "contract_id",
            "contract__reference",
            "contract__owner_id",
            "contract__accountable_body_id",
        )
        .order_by("id")
        .iterator(chunk_size=CHUNK)
    )
    for pk, name, due, contract_id, reference, owner_id, body_id in rows:
        yield DueItem(
            pk,
            due,
            f"KPI return for {reference}: {name[:80]}",
            reverse("commissioning:contract_detail", args=[contract_id]) + "#kpis",
            _recipients(owner_id, body_id, commissioners),
        )


def risk_reviews(start: date, end: date) -> Iterator[DueItem]:
    """Open risks due for review: to the risk's owner, or its organisation's commissioners."""
    from commissioning.choices import RiskStatus
    from commissioning.models import Risk

    commissioners = _commissioners()
    rows = (
        Risk.objects.filter(status=RiskStatus.OPEN, review_date__range=(start, end))
        .values_list("id", "title", "review_date", "owner_id", "organisation_id")
        .order_by("id")
        .iterator(chunk_size=CHUNK)
    )
    for pk, title, due, owner_id, organisation_id in rows:
        yield DueItem(
            pk,
            due,
            f"Risk review: {title[:120]}",
            reverse("commissioning:risk_detail", args=[pk]),
            _recipients(owner_id, organisation_id, commissioners),
        )


def register_sources() -> None:
    register(Source("commissioning.contract_end", "Contract end", contract_ends, ("12m", "6m", "3m", "1m")))
    register(Source("commissioning.decision_due", "Contract decision due", decisions_due, ("2m", "1m", "1w")))
    register(Source("commissioning.contract_review", "Contract review", contract_reviews, ("4w", "1w")))
    register(
        Source(
            "commissioning.accreditation_expiry", "Provider accreditation expiry", accreditation_expiries, ("3m", "1m")
        )
    )
    register(Source("commissioning.kpi_return_due", "Contract KPI return due", kpi_returns_due, ("2w", "3d")))
    register(Source("commissioning.risk_review", "Risk review", risk_reviews, ("4w", "1w")))
