"""Read use-cases of the contracts register, shaped for the pages and the API (joins done here)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.choices import KPI_FLAG_COUNT, KPI_FLAG_VALUE, ContractStatus
from commissioning.models import (
    Accreditation,
    Contract,
    ContractAmendment,
    ContractKpi,
    DecisionThreshold,
    KpiReturn,
    ProviderProfile,
)
from commissioning.querysets import ending_between
from commissioning.terms import add_months
from common.years import fy_of


def contract_list(user) -> QuerySet[Contract]:
    """The contracts `user` may see with their current values (one query a page)."""
    return Contract.objects.visible_to(user).with_current().select_related("provider", "accountable_body", "owner")


def contract_detail(user) -> QuerySet[Contract]:
    """One contract with its amendments in order, KPIs and their returns, and relations."""
    return (
        Contract.objects.visible_to(user)
        .with_current()
        .select_related("provider", "accountable_body", "owner", "delivery_method", "provider__provider_profile")
        .prefetch_related(
            "service_lines",
            "funding_streams",
            "on_behalf_of",
            Prefetch(
                "amendments", queryset=ContractAmendment.objects.select_related("recorded_by").order_by("sequence")
            ),
            Prefetch(
                "kpis",
                queryset=ContractKpi.objects.order_by("name", "id").prefetch_related(
                    Prefetch("returns", queryset=KpiReturn.objects.order_by("-period_end", "-id"))
                ),
            ),
        )
    )


def kpi_flag(contract: Contract) -> bool:
    """A contract over £5m without three KPIs is flagged."""
    return contract.current.total_value > KPI_FLAG_VALUE and len(contract.kpis.all()) < KPI_FLAG_COUNT


def decisions_due(user, *, months: int = 12, limit: int = 10) -> list[Contract]:
    """Live contracts whose decision (extend or re-procure) is due within `months`, soonest first."""
    rows = list(contract_list(user).decision_due_within(months).order_by("current_end", "id")[: limit * 5])
    rows.sort(key=lambda contract: (contract.decision_due_by, contract.pk))
    return rows[:limit]


def thresholds_for(contract: Contract) -> list[DecisionThreshold]:
    own = list(DecisionThreshold.objects.filter(organisation_id=contract.accountable_body_id))
    return own or list(DecisionThreshold.objects.filter(organisation__isnull=True))


def notices_due(user) -> QuerySet[ContractAmendment]:
    """Amendments whose Procurement Act notice (UK10/UK11) is not yet marked published."""
    return (
        ContractAmendment.objects.visible_to(user)
        .notice_due()
        .select_related("contract", "contract__provider")
        .order_by("effective_on", "id")
    )


def provider_list(user) -> QuerySet[ProviderProfile]:
    return (
        ProviderProfile.objects.visible_to(user)
        .select_related("organisation")
        .annotate(contract_count=Count("organisation__contracts_held", distinct=True))
        .order_by("organisation__name")
    )


def provider_detail(user) -> QuerySet[ProviderProfile]:
    return (
        ProviderProfile.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related(
            "services", Prefetch("accreditations", queryset=Accreditation.objects.order_by("expires_on", "id"))
        )
    )


def provider_ratings(user, provider: ProviderProfile) -> QuerySet[KpiReturn]:
    """The KPI rating history of a provider's contracts that `user` may see, newest first."""
    return (
        KpiReturn.objects.visible_to(user)
        .filter(kpi__contract__provider_id=provider.organisation_id)
        .select_related("kpi", "kpi__contract")
        .order_by("-period_end", "-id")[:200]
    )


def quarter_of(day: date) -> tuple[int, int]:
    """The financial quarter (year it starts in, 1-4) of a date: Q1 is April-June."""
    return fy_of(day), (day.month - 4) % 12 // 3 + 1


def value_expiring_by_quarter(user, *, today: date | None = None, years: int = 3) -> list[dict]:
    """The current annual value and the number of live contracts ending in each financial quarter
    of the next three years (sums in the database, by end date)."""
    today = today or timezone.localdate()
    horizon = add_months(today, 12 * years)
    rows = (
        Contract.objects.visible_to(user)
        .filter(ending_between(today, horizon), status=ContractStatus.LIVE)
        .with_current()
        .values_list("current_end", "current_annual", "current_total")
    )
    buckets: dict[tuple[int, int], dict] = defaultdict(lambda: {"count": 0, "annual": Decimal(0), "total": Decimal(0)})
    day = today
    order = []
    while day <= horizon:
        key = quarter_of(day)
        if key not in order:
            order.append(key)
        day = add_months(day, 1)
    for end, annual, total in rows:
        bucket = buckets[quarter_of(end)]
        bucket["count"] += 1
        bucket["annual"] += annual or 0
        bucket["total"] += total or 0
    peak = max([buckets[key]["annual"] for key in order] + [Decimal(1)])
    return [
        {
            "label": f"{fy}/{str(fy + 1)[-2:]} Q{q}",
            "count": buckets[(fy, q)]["count"],
            "annual": buckets[(fy, q)]["annual"],
            "total": buckets[(fy, q)]["total"],
            "percent": int(buckets[(fy, q)]["annual"] * 100 / peak),
            "y": index * 28,
            "y_text": index * 28 + 15,
        }
        for index, (fy, q) in enumerate(order)
    ]


def calendar_events(user) -> list[tuple[str, date, str, Contract]]:
    """(uid, date, summary, contract) for the contract ends and decision dates of a commissioner:
    the contracts they own, or their organisation's where they own none."""
    contracts = contract_list(user).filter(status=ContractStatus.LIVE)
    owned = contracts.filter(owner=user)
    chosen = owned if owned.exists() else contracts.filter(Q(accountable_body_id=user.organisation_id))
    events = []
    for contract in chosen.order_by("current_end", "id")[:2000]:
        events.append((f"contract-end-{contract.pk}", contract.current_end, f"Contract ends: {contract}", contract))
        events.append(
            (f"contract-decision-{contract.pk}", contract.decision_due_by, f"Decision due: {contract}", contract)
        )
    return events


# --- Re-procurement (issue 14, item 6) ---------------------------------------------------------
def with_reprocurement(queryset: QuerySet[Contract]) -> QuerySet[Contract]:
    """Contracts with `reprocurement_id`: their re-procurement under way (not cancelled), if any
    (one subquery per row, served by the foreign key's index)."""
    from django.db.models import OuterRef, Subquery

    from commissioning.choices import Stage
    from commissioning.models import Procurement

    under_way = Procurement.objects.filter(replaces=OuterRef("pk")).exclude(stage=Stage.CANCELLED).order_by("-id")
    return queryset.annotate(reprocurement_id=Subquery(under_way.values("pk")[:1]))


def reprocurement_context(user, contract: Contract, *, accountable: bool) -> dict:
    """What the contract page says about re-procuring it: its re-procurements the user may see,
    and whether "Plan the re-procurement" is offered (a live contract with no option left, none
    under way, and a user who starts procurements for its accountable body)."""
    from commissioning.choices import Stage
    from commissioning.models import Procurement
    from commissioning.plans import reprocurement_refusal

    if not user.has_perm("commissioning.view_procurement"):
        return {"reprocurements": [], "can_reprocure": False}
    found = list(Procurement.objects.visible_to(user).filter(replaces=contract).order_by("-id"))
    under_way = any(p.stage != Stage.CANCELLED for p in found)
    can = (
        accountable
        and user.has_perm("commissioning.add_procurement")
        and not under_way
        and reprocurement_refusal(contract, timezone.localdate()) is None
    )
    return {"reprocurements": found, "can_reprocure": can}
