"""Read use-cases of the procurement pipeline, shaped for the pages and the API (joins done here).

The lot evaluation page reads in a constant number of queries whatever the bidders, criteria and
evaluators: the lot, its criteria, its submitted bids with their weighted totals and ranks
(computed in the database), and the lot's scores and agreed scores, each in one query."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Rank, RowNumber

from commissioning.choices import (
    SHORTLISTED_STATUSES,
    BidStatus,
    CriterionKind,
    PriceFormula,
    RiskStatus,
    Stage,
    risk_band,
)
from commissioning.models import (
    AgreedScore,
    Bid,
    Criterion,
    Lot,
    PlannedStage,
    PlanTemplate,
    Procurement,
    ProcurementPlan,
    Risk,
    Score,
    StageTransition,
)

BOARD_PER_STAGE = 25
BOARD_CARD_FIELDS = [
    "reference",
    "title",
    "route",
    "stage",
    "estimated_value",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
]


def procurement_list(user) -> QuerySet[Procurement]:
    """The procurements `user` may see (lateness is annotated where rows are shown: the board's
    cards, procurement_detail's page of rows, or the `late` filter)."""
    return Procurement.objects.visible_to(user).select_related("owner", "organisation", "lead_organisation")


def procurement_board(queryset: QuerySet[Procurement], *, per_stage: int = BOARD_PER_STAGE) -> list[dict]:
    """The board's columns: each stage with its count and its newest `per_stage` procurements, in
    two queries: the cards numbered per stage by a window function, each carrying its stage's
    count from another (a stage with no card has no procurement), then whether each card shown
    is late against its plan."""
    cards = (
        # Only what a card shows: the joins and columns of the list's select_related are not read.
        queryset.select_related(None)
        .select_related("owner")
        .only(*BOARD_CARD_FIELDS)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("stage")], order_by=F("id").desc()),
            stage_count=Window(Count("id"), partition_by=[F("stage")]),
        )
        .filter(row__lte=per_stage)
        .order_by("-id")
    )
    cards = list(cards)
    # Whether each card is late, and since when: for the cards shown only (one query), so that
    # the window over every procurement computes no lateness.
    lateness = {
        pk: (late, since)
        for pk, late, since in Procurement.objects.filter(pk__in=[card.pk for card in cards])
        .with_lateness()
        .with_late_since()
        .values_list("pk", "is_late", "late_since")
    }
    by_stage = defaultdict(list)
    counts = {}
    for procurement in cards:
        procurement.is_late, procurement.late_since = lateness.get(procurement.pk, (False, None))
        by_stage[procurement.stage].append(procurement)
        counts[procurement.stage] = procurement.stage_count
    return [
        {"stage": stage, "label": stage.label, "count": counts.get(stage, 0), "cards": by_stage.get(stage, [])}
        for stage in Stage
    ]


def _lots_with_counts():
    shortlisted = Q(bids__status__in=SHORTLISTED_STATUSES)
    return (
        Lot.objects.select_related("contract", "awarded_bid__bidder")
        .annotate(
            bidder_count=Count("bids", distinct=True),
            shortlisted_count=Count("bids", filter=shortlisted, distinct=True),
        )
        .order_by("number")
    )


def procurement_detail(user) -> QuerySet[Procurement]:
    """One procurement (or an API page of them) with whether it is late against its plan and since
    when, its lots (bidder counts), transitions, relations and risks."""
    return (
        procurement_list(user)
        .with_lateness()
        .with_late_since()
        .select_related("plan__template", "replaces")
        .prefetch_related(
            "service_lines",
            "funding_streams",
            "run_for",
            Prefetch("lots", queryset=_lots_with_counts()),
            Prefetch("transitions", queryset=StageTransition.objects.select_related("by").order_by("on", "id")),
            Prefetch("risks", queryset=Risk.objects.select_related("owner").order_by("-id")),
        )
    )


def lot_detail(user) -> QuerySet[Lot]:
    """One lot with its procurement, bidders, criteria and awarded contract."""
    return (
        Lot.objects.visible_to(user)
        .select_related("procurement", "procurement__organisation", "contract", "awarded_bid__bidder")
        .prefetch_related(
            Prefetch("bids", queryset=Bid.objects.select_related("bidder").order_by("bidder__name", "id")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        )
    )


def _as_float(expression):
    return Cast(expression, output_field=FloatField())


def bids_ranked(lot: Lot, criteria: list[Criterion]) -> QuerySet[Bid]:
    """The lot's submitted bids with their quality, price and weighted total scores and rank, all
    computed in the database. Quality: each agreed score ÷ its scale × its weight; price: the lot's
    price criterion's formula over the submitted prices."""
    quality = (
        AgreedScore.objects.filter(bid=OuterRef("pk"), criterion__kind=CriterionKind.QUALITY)
        .order_by()
        .values("bid")
        .annotate(
            total=Sum(_as_float(F("score")) * _as_float(F("criterion__weight")) / _as_float(F("criterion__scale_max")))
        )
        .values("total")
    )
    submitted = Bid.objects.filter(lot_id=lot.pk, status=BidStatus.SUBMITTED, price__isnull=False).order_by()
    price_score = Value(0.0)
    price = next((c for c in criteria if c.kind == CriterionKind.PRICE), None)
    if price is not None:
        weight = Value(float(price.weight))
        from django.db.models import Avg, Min

        if price.price_formula == PriceFormula.LOWEST:
            lowest = Subquery(submitted.values("lot").annotate(m=Min("price")).values("m"))
            expression = weight * _as_float(lowest) / _as_float(F("price"))
        else:
            average = Subquery(submitted.values("lot").annotate(m=Avg("price")).values("m"))
            expression = Greatest(
                Value(0.0), Least(weight, weight * (Value(2.0) - _as_float(F("price")) / _as_float(average)))
            )
        price_score = Coalesce(expression, Value(0.0))
    total = Coalesce(Subquery(quality, output_field=FloatField()), Value(0.0)) + price_score
    return (
        Bid.objects.filter(lot_id=lot.pk, status=BidStatus.SUBMITTED)
        .select_related("bidder")
        .annotate(
            quality_score=Coalesce(Subquery(quality, output_field=FloatField()), Value(0.0)),
            price_score=price_score,
            total_score=total,
            rank=Window(Rank(), order_by=total.desc()),
        )
        .order_by("rank", "bidder__name", "id")
    )


@dataclass
class EvaluationRow:
    bid: Bid
    cells: list = field(default_factory=list)  # per leaf criterion: (scores [(evaluator, score)], agreed)


def lot_evaluation(lot: Lot) -> dict:
    """Everything the lot's evaluation page shows, in a constant number of queries."""
    criteria = list(Criterion.objects.filter(lot=lot).order_by("position", "id"))
    parents = {c.parent_id for c in criteria if c.parent_id}
    leaves = [c for c in criteria if c.pk not in parents]
    scored = [c for c in leaves if c.kind == CriterionKind.QUALITY]
    bids = list(bids_ranked(lot, criteria))
    scores = defaultdict(list)
    for bid_id, criterion_id, name, first, last, value in (
        Score.objects.filter(bid__lot=lot)
        .order_by("evaluator__last_name", "evaluator_id")
        .values_list(
            "bid_id", "criterion_id", "evaluator__username", "evaluator__first_name", "evaluator__last_name", "score"
        )
    ):
        scores[(bid_id, criterion_id)].append((f"{first} {last}".strip() or name, value))
    # Unordered: AgreedScore's default ordering ("bid") follows Bid's and Lot's own orderings into
    # three more joins and a sort, four times the query's cost, for a dict.
    agreed = {
        (bid_id, criterion_id): value
        for bid_id, criterion_id, value in AgreedScore.objects.filter(bid__lot=lot)
        .order_by()
        .values_list("bid_id", "criterion_id", "score")
    }
    rows = [
        EvaluationRow(bid, [(scores.get((bid.pk, c.pk), []), agreed.get((bid.pk, c.pk))) for c in scored])
        for bid in bids
    ]
    total_weight = sum(c.weight for c in criteria if c.parent_id is None)
    return {
        "criteria": criteria,
        "scored_criteria": scored,
        "price_criterion": next((c for c in criteria if c.kind == CriterionKind.PRICE), None),
        "rows": rows,
        "total_weight": total_weight,
    }


# --- Risks ---------------------------------------------------------------------------------------
def risk_list(user) -> QuerySet[Risk]:
    return Risk.objects.visible_to(user).with_rating().select_related("owner", "procurement", "contract")


def risk_matrix(user) -> dict:
    """The open risks' matrix: a count per likelihood × impact cell (one query), 5 (likely) at top."""
    counts = {
        (likelihood, severity): n
        for likelihood, severity, n in Risk.objects.visible_to(user)
        .filter(status=RiskStatus.OPEN)
        .order_by()
        .values_list("likelihood", "severity")
        .annotate(n=Count("id"))
    }
    rows = [
        {
            "likelihood": likelihood,
            "cells": [
                {
                    "severity": severity,
                    "count": counts.get((likelihood, severity), 0),
                    "band": risk_band(likelihood * severity)[0],
                }
                for severity in range(1, 6)
            ],
        }
        for likelihood in range(5, 0, -1)
    ]
    return {"rows": rows, "total": sum(counts.values())}


# --- Plans (issue 14, item 6) ------------------------------------------------------------------
def plan_template_list(user) -> QuerySet[PlanTemplate]:
    """The plan templates `user` may use (their organisation's and the deployment's), with stages."""
    return (
        PlanTemplate.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("stages")
        .order_by("route", "name", "id")
    )


def procurement_plan(procurement: Procurement, *, today=None) -> dict:
    """The plan of a procurement (from procurement_detail) with its planned-vs-actual rows: one
    query for the planned stages; the transitions are prefetched."""
    from django.utils import timezone

    from commissioning.plans import plan_rows

    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    plan = getattr(procurement, "plan", None)
    if plan is None:
        return {"plan": None, "plan_rows": []}
    planned = list(PlannedStage.objects.filter(plan=plan).order_by("position"))
    rows = plan_rows(procurement, planned, list(procurement.transitions.all()), today or timezone.localdate())
    return {"plan": plan, "plan_rows": rows}


def plan_list(user) -> QuerySet[ProcurementPlan]:
    """The plans of the procurements `user` may see, with their template and planned stages."""
    late = Procurement.objects.with_lateness().filter(pk=OuterRef("procurement_id")).values("is_late")[:1]
    return (
        ProcurementPlan.objects.visible_to(user)
        .annotate(is_late=Subquery(late))
        .select_related("template", "procurement")
        .prefetch_related(Prefetch("stages", queryset=PlannedStage.objects.order_by("position")))
    )
