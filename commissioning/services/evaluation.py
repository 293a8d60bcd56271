"""Writes and rules of a lot's evaluation: award criteria and their weights, evaluators' scores
and the moderated (agreed) score. Weighted totals and ranks are computed in the database
(selectors_procurements.lot_evaluation)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from commissioning.choices import BidStatus, CriterionKind, Stage
from commissioning.models import AgreedScore, Bid, Criterion, Lot, Score
from commissioning.services.procurements import editable_procurement, percent
from common.errors import DomainError
from common.writes import model_save


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


@transaction.atomic
def criterion_add(
    *,
    user,
    lot: Lot,
    name: str,
    weight: Decimal,
    kind: str = CriterionKind.QUALITY,
    scale_max: int = 5,
    price_formula: str = "",
    parent: Criterion | None = None,
) -> Criterion:
    """Add an award criterion (or a sub-criterion of one) to a lot, refusing weights that would add
    up to more than 100 (or, for a sub-criterion, to more than its criterion's weight)."""
    _require(user, "commissioning.add_criterion")
    procurement = editable_procurement(user, lot.procurement)
    if procurement.stage not in (
        Stage.MARKET_ENGAGEMENT,
        Stage.SELECTION,
        Stage.SHORTLIST,
        Stage.INVITATION_TO_TENDER,
    ):
        raise DomainError("The award criteria are fixed once evaluation has started.")
    if parent is not None:
        if parent.lot_id != lot.pk:
            raise ValidationError({"parent": "Choose a criterion of this lot."})
        if parent.parent_id is not None:
            raise ValidationError({"parent": "Sub-criteria go one level deep: choose a top-level criterion."})
        if parent.kind == CriterionKind.PRICE or kind == CriterionKind.PRICE:
            raise ValidationError({"parent": "Price is scored as one criterion, without sub-criteria."})
    siblings = lot.criteria.filter(parent=parent)
    taken = siblings.aggregate(total=Sum("weight"))["total"] or Decimal(0)
    limit = parent.weight if parent is not None else Decimal(100)
    if weight is not None and taken + weight > limit:
        whose = f"{parent.name}'s sub-criteria" if parent else f"Lot {lot.number}'s criteria"
        raise ValidationError(
            {
                "weight": f"The weights of {whose} would add up to {percent(taken + weight)}%: "
                f"they must add up to {percent(limit)}% ({percent(limit - taken)}% is left)."
            }
        )
    if kind == CriterionKind.PRICE and lot.criteria.filter(kind=CriterionKind.PRICE).exists():
        raise ValidationError({"kind": "This lot already has its price criterion."})
    return model_save(
        Criterion(lot=lot, parent=parent, position=lot.criteria.count() + 1),
        name=name,
        weight=weight,
        kind=kind,
        scale_max=scale_max,
        price_formula=price_formula if kind == CriterionKind.PRICE else "",
    )


def _scorable(user, bid: Bid, criterion: Criterion, score: Decimal) -> None:
    procurement = editable_procurement(user, bid.lot.procurement)
    if procurement.stage != Stage.EVALUATION:
        raise DomainError(
            "Bids are scored at the evaluation stage "
            f"(the procurement is at {procurement.get_stage_display().lower()})."
        )
    if criterion.lot_id != bid.lot_id:
        raise ValidationError({"criterion": "Choose a criterion of the bid's lot."})
    if criterion.kind == CriterionKind.PRICE:
        raise ValidationError({"criterion": "Price is scored by the lot's formula, not by evaluators."})
    if criterion.children.exists():
        raise ValidationError({"criterion": "Score the sub-criteria of this criterion."})
    if bid.status != BidStatus.SUBMITTED:
        raise ValidationError({"bid": f"{bid.bidder} has not submitted a tender to score."})
    if score is None or not Decimal(0) <= score <= criterion.scale_max:
        raise ValidationError({"score": f"Enter a score from 0 to {criterion.scale_max} (the criterion's scale)."})


@transaction.atomic
def score_record(*, user, bid: Bid, criterion: Criterion, score: Decimal, comment: str = "") -> Score:
    """Record (or correct) the signed-in evaluator's score of a bid against a quality criterion."""
    _require(user, "commissioning.add_score")
    _scorable(user, bid, criterion, score)
    found = Score.objects.filter(bid=bid, criterion=criterion, evaluator=user).first()
    return model_save(found or Score(bid=bid, criterion=criterion, evaluator=user), score=score, comment=comment)


@transaction.atomic
def score_agree(*, user, bid: Bid, criterion: Criterion, score: Decimal, note: str = "") -> AgreedScore:
    """Record the moderated score the evaluators agreed: the one the weighted total uses."""
    _require(user, "commissioning.add_agreedscore")
    _scorable(user, bid, criterion, score)
    found = AgreedScore.objects.filter(bid=bid, criterion=criterion).first()
    return model_save(found or AgreedScore(bid=bid, criterion=criterion), score=score, note=note, moderated_by=user)
