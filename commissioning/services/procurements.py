"""Writes and rules of the procurement pipeline: a procurement and its stage workflow (one service
per transition, the allowed moves in choices.TRANSITIONS), lots, bidders and the award of a lot,
which creates the lot's contract in the register."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning import terms
from commissioning.choices import (
    ENDED_STAGES,
    SHORTLISTED_STATUSES,
    STANDSTILL_DAYS,
    TRANSITIONS,
    BidStatus,
    ProcurementRoute,
    Stage,
    ThresholdAppliesTo,
    allowed_next,
)
from commissioning.models import Bid, Lot, Procurement, StageTransition
from commissioning.querysets import CHANGE
from commissioning.services.contracts import contract_create
from commissioning.services.thresholds import threshold_for
from common.errors import DomainError
from common.money import format_gbp, to_money
from common.writes import model_save


def _dated(on: date | None, field: str = "on") -> date:
    """The date given (today when none), within the calendar every date of the register keeps to."""
    from commissioning.models.contracts import date_range_errors

    on = on or timezone.localdate()
    errors = date_range_errors(**{field: on})
    if errors:
        raise ValidationError(errors)
    return on


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def editable_procurement(user, procurement: Procurement) -> Procurement:
    """The procurement locked for a change, if the user's organisation keeps it."""
    try:
        return Procurement.objects.visible_to(user, CHANGE).select_for_update(of=("self",)).get(pk=procurement.pk)
    except Procurement.DoesNotExist:
        raise DomainError(
            "Only the commissioners of the organisation running it can change this procurement."
        ) from None


_RELATIONS = ("service_lines", "funding_streams", "run_for")


def _set_relations(procurement: Procurement, relations: dict) -> None:
    if relations.get("service_lines") is not None and not relations["service_lines"]:
        raise ValidationError({"service_lines": "Choose at least one service line."})
    for name, values in relations.items():
        if values is not None:
            getattr(procurement, name).set(values)


@transaction.atomic
def procurement_create(*, user, **fields) -> Procurement:
    """Start a procurement kept by the commissioner's own organisation, at market engagement."""
    _require(user, "commissioning.add_procurement")
    relations = {name: fields.pop(name, None) for name in _RELATIONS}
    if not relations.get("service_lines"):
        raise ValidationError({"service_lines": "Choose at least one service line."})
    if not user.organisation_id:
        raise DomainError("Only an organisation's commissioners can start its procurements.")
    fields.pop("organisation", None)
    procurement = model_save(Procurement(organisation_id=user.organisation_id), **fields)
    _set_relations(procurement, relations)
    return procurement


@transaction.atomic
def procurement_update(*, user, procurement: Procurement, **fields) -> Procurement:
    """Correct a procurement's details (its stage moves only through the transitions)."""
    _require(user, "commissioning.change_procurement")
    procurement = editable_procurement(user, procurement)
    relations = {name: fields.pop(name, None) for name in _RELATIONS}
    fields.pop("organisation", None)
    model_save(procurement, **fields)
    _set_relations(procurement, relations)
    return procurement


# --- The stage workflow ------------------------------------------------------------------------
def _transition(*, user, procurement: Procurement, to: str, on: date | None, note: str = "", **changes) -> Procurement:
    """Check the table allows the move from the current stage, then record it dated and attributed."""
    _require(user, "commissioning.change_procurement")
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, to)
    current = procurement.stage
    on = _dated(on)
    last = procurement.transitions.order_by("-on", "-id").values_list("on", flat=True).first()
    if last and on < last:
        raise ValidationError({"on": f"The move cannot be dated before the last one ({last:%d/%m/%Y})."})
    StageTransition.objects.create(procurement=procurement, from_stage=current, to_stage=to, on=on, by=user, note=note)
    return model_save(procurement, stage=to, reason=f"{Stage(current).label} → {Stage(to).label}", **changes)


def _table_check(procurement: Procurement, to: str) -> None:
    """Refuse a move the workflow table does not allow (checked before any other precondition)."""
    current = procurement.stage
    if current == Stage.CANCELLED:
        raise DomainError(
            f"This procurement was cancelled ({procurement.cancellation_reason}): it cannot move on.", field="to"
        )
    if (current, to) not in TRANSITIONS or to not in allowed_next(current, procurement.route):
        following = ", ".join(Stage(s).label for s in allowed_next(current, procurement.route)) or "none"
        raise DomainError(
            f"A procurement at {Stage(current).label} cannot move to {Stage(to).label} "
            f"(a {ProcurementRoute(procurement.route).label.lower()} may move to: {following}).",
            field="to",
        )


@transaction.atomic
def procurement_open_selection(*, user, procurement, on=None, note="") -> Procurement:
    """Market engagement → expressions of interest / selection."""
    return _transition(user=user, procurement=procurement, to=Stage.SELECTION, on=on, note=note)


@transaction.atomic
def procurement_shortlist(*, user, procurement, on=None, note="") -> Procurement:
    """Selection → shortlist: the bidders who expressed interest are being shortlisted."""
    return _transition(user=user, procurement=procurement, to=Stage.SHORTLIST, on=on, note=note)


@transaction.atomic
def procurement_invite_to_tender(*, user, procurement, on=None, note="") -> Procurement:
    """Shortlist (or, open procedures, market engagement) → invitation to tender. After a shortlist,
    every lot needs a shortlisted bidder to invite."""
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, Stage.INVITATION_TO_TENDER)
    if procurement.stage == Stage.SHORTLIST:
        empty = [
            str(lot) for lot in procurement.lots.all() if not lot.bids.filter(status__in=SHORTLISTED_STATUSES).exists()
        ]
        if empty:
            raise DomainError(f"No bidder is shortlisted on {', '.join(empty)}: shortlist one first.", field="to")
    return _transition(user=user, procurement=procurement, to=Stage.INVITATION_TO_TENDER, on=on, note=note)


def percent(value: Decimal) -> str:
    """A weight as people write it: 70, 12.5 (not 70.00 or 7E+1)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weight_problems(lot: Lot) -> list[str]:
    """What is wrong with a lot's criteria weights: top-level weights must add up to 100, and a
    criterion's sub-criteria to its own weight. Empty when they are right."""
    criteria = list(lot.criteria.all())
    if not criteria:
        return [f"Lot {lot.number} has no award criteria."]
    problems = []
    top = sum((c.weight for c in criteria if c.parent_id is None), Decimal(0))
    if top != 100:
        problems.append(
            f"The weights of Lot {lot.number}'s criteria add up to {percent(top)}%: they must add up to 100%."
        )
    for parent in (c for c in criteria if c.parent_id is None):
        children = [c for c in criteria if c.parent_id == parent.pk]
        if children and sum((c.weight for c in children), Decimal(0)) != parent.weight:
            share = sum((c.weight for c in children), Decimal(0))
            problems.append(
                f"The sub-criteria of {parent.name} add up to {percent(share)}%: "
                f"they must add up to its {percent(parent.weight)}%."
            )
    return problems


@transaction.atomic
def procurement_start_evaluation(*, user, procurement, on=None, note="") -> Procurement:
    """Invitation to tender → evaluation, once every lot's criteria weights add up to 100."""
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, Stage.EVALUATION)
    lots = list(procurement.lots.prefetch_related("criteria"))
    if not lots:
        raise DomainError("Add the procurement's lots before evaluating.", field="to")
    problems = [problem for lot in lots for problem in weight_problems(lot)]
    if problems:
        raise DomainError(" ".join(problems), field="to")
    return _transition(user=user, procurement=procurement, to=Stage.EVALUATION, on=on, note=note)


@transaction.atomic
def procurement_decide_award(*, user, procurement, on=None, note="") -> Procurement:
    """Evaluation (or, exemptions and direct awards, market engagement) → award decision."""
    return _transition(user=user, procurement=procurement, to=Stage.AWARD_DECISION, on=on, note=note)


@transaction.atomic
def procurement_start_standstill(
    *, user, procurement, on=None, note="", standstill_ends_on: date | None = None
) -> Procurement:
    """Award decision → standstill, which lasts at least STANDSTILL_DAYS (the Procurement Act's eight
    working days): no lot is awarded before it ends."""
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, Stage.STANDSTILL)
    on = _dated(on)
    if standstill_ends_on is not None:
        _dated(standstill_ends_on, "standstill_ends_on")
    earliest = on + timedelta(days=STANDSTILL_DAYS)
    ends = standstill_ends_on or earliest
    if ends < earliest:
        raise ValidationError(
            {"standstill_ends_on": f"The standstill lasts at least {STANDSTILL_DAYS} days: to {earliest:%d/%m/%Y}."}
        )
    return _transition(
        user=user, procurement=procurement, to=Stage.STANDSTILL, on=on, note=note, standstill_ends_on=ends
    )


@transaction.atomic
def procurement_mobilise(*, user, procurement, on=None, note="") -> Procurement:
    """Standstill → mobilisation, once the standstill period has ended."""
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, Stage.MOBILISATION)
    on = _dated(on)
    if procurement.standstill_ends_on and on <= procurement.standstill_ends_on:
        raise DomainError(
            f"The standstill period runs to {procurement.standstill_ends_on:%-d %B %Y}: mobilise after it.", field="on"
        )
    return _transition(user=user, procurement=procurement, to=Stage.MOBILISATION, on=on, note=note)


@transaction.atomic
def procurement_go_live(*, user, procurement, on=None, note="") -> Procurement:
    """Mobilisation → live, once every lot is awarded (its contract is in the register)."""
    procurement = editable_procurement(user, procurement)
    _table_check(procurement, Stage.LIVE)
    open_lots = [str(lot) for lot in procurement.lots.filter(contract__isnull=True)]
    if open_lots:
        raise DomainError(
            f"{', '.join(open_lots)} {'is' if len(open_lots) == 1 else 'are'} not awarded yet.", field="to"
        )
    return _transition(user=user, procurement=procurement, to=Stage.LIVE, on=on, note=note)


# The service behind each move (the stage page and the API's `move` action dispatch here).
STAGE_SERVICES = {
    Stage.SELECTION: procurement_open_selection,
    Stage.SHORTLIST: procurement_shortlist,
    Stage.INVITATION_TO_TENDER: procurement_invite_to_tender,
    Stage.EVALUATION: procurement_start_evaluation,
    Stage.AWARD_DECISION: procurement_decide_award,
    Stage.STANDSTILL: procurement_start_standstill,
    Stage.MOBILISATION: procurement_mobilise,
    Stage.LIVE: procurement_go_live,
}


def procurement_move(*, user, procurement, to: str, on=None, note="", standstill_ends_on=None) -> Procurement:
    """Move a procurement to `to` through that transition's own service."""
    if to == Stage.CANCELLED:
        raise DomainError("Cancel a procurement with its reason (procurement_cancel).", field="to")
    service = STAGE_SERVICES.get(to)
    if service is None:
        raise ValidationError({"to": "Choose a stage."})
    extra = {"standstill_ends_on": standstill_ends_on} if to == Stage.STANDSTILL else {}
    return service(user=user, procurement=procurement, on=on, note=note, **extra)


@transaction.atomic
def procurement_cancel(*, user, procurement, reason: str, on: date | None = None) -> Procurement:
    """Cancel a procurement at any stage before it goes live, with the reason."""
    _require(user, "commissioning.change_procurement")
    procurement = editable_procurement(user, procurement)
    if procurement.stage in ENDED_STAGES:
        raise DomainError(f"A procurement that is {procurement.get_stage_display().lower()} cannot be cancelled.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for cancelling."})
    current = procurement.stage
    on = _dated(on)
    StageTransition.objects.create(
        procurement=procurement, from_stage=current, to_stage=Stage.CANCELLED, on=on, by=user, note=reason
    )
    return model_save(
        procurement, stage=Stage.CANCELLED, cancellation_reason=reason, reason=f"Cancelled: {reason[:80]}"
    )


# --- Lots and bidders --------------------------------------------------------------------------
def lots_over_estimate(procurement: Procurement) -> Decimal | None:
    """How much the lots' values add up to above the procurement's estimate (None: within it)."""
    from django.db.models import Sum

    total = procurement.lots.aggregate(total=Sum("value"))["total"] or Decimal(0)
    over = total - procurement.estimated_value
    return over if over > 0 else None


def lot_warning(procurement: Procurement) -> str:
    """The warning shown (and answered by the API) when the lots add up to more than the estimate."""
    over = lots_over_estimate(procurement)
    if over is None:
        return ""
    return (
        f"The lots' values add up to {format_gbp(procurement.estimated_value + over)}, "
        f"{format_gbp(over)} more than the procurement's estimate of {format_gbp(procurement.estimated_value)}."
    )


def _open_for_changes(procurement: Procurement) -> None:
    if procurement.stage in ENDED_STAGES:
        raise DomainError(f"This procurement is {procurement.get_stage_display().lower()}: its lots are closed.")


@transaction.atomic
def lot_save(*, user, procurement: Procurement, lot: Lot | None = None, **fields) -> Lot:
    """Add or change a lot. Lots may add up to more than the estimate (lot_warning says by how
    much); the award is what the thresholds check."""
    _require(user, "commissioning.change_lot" if lot else "commissioning.add_lot")
    procurement = editable_procurement(user, procurement)
    _open_for_changes(procurement)
    if lot is not None and lot.contract_id:
        raise DomainError("This lot is awarded: its contract is in the register.")
    return model_save(lot or Lot(procurement=procurement), **fields)


def _editable_lot(user, lot: Lot) -> Lot:
    procurement = editable_procurement(user, lot.procurement)
    _open_for_changes(procurement)
    return Lot.objects.select_for_update(of=("self",)).select_related("procurement").get(pk=lot.pk)


def _status_fields(bid: Bid, status: str, exclusion_reason: str) -> dict:
    fields = {"status": status, "exclusion_reason": exclusion_reason if status == BidStatus.EXCLUDED else ""}
    if status in SHORTLISTED_STATUSES and bid.shortlisted_on is None:
        fields["shortlisted_on"] = timezone.localdate()
    return fields


@transaction.atomic
def bid_add(
    *,
    user,
    lot: Lot,
    bidder,
    status: str = BidStatus.EXPRESSED_INTEREST,
    exclusion_reason: str = "",
    price: Decimal | None = None,
) -> Bid:
    """Add a bidder to a lot (an expression of interest, or straight to a later status)."""
    _require(user, "commissioning.add_bid")
    lot = _editable_lot(user, lot)
    bid = Bid(lot=lot, bidder=bidder)
    return model_save(bid, price=price, **_status_fields(bid, status, exclusion_reason))


@transaction.atomic
def bid_update(*, user, bid: Bid, status: str, exclusion_reason: str = "", price: Decimal | None = None) -> Bid:
    """Move a bidder on (shortlisted, invited, submitted) or out (withdrawn, excluded with reason)."""
    _require(user, "commissioning.change_bid")
    _editable_lot(user, bid.lot)
    bid = Bid.objects.select_for_update(of=("self",)).get(pk=bid.pk)
    if bid.lot.awarded_bid_id == bid.pk:
        raise DomainError("This bidder was awarded the lot: its status stays.", field="status")
    return model_save(bid, price=price, **_status_fields(bid, status, exclusion_reason))


# --- Award ---------------------------------------------------------------------------------------
def _award_refusal(lot: Lot, bid: Bid, today: date) -> DomainError | None:
    procurement = lot.procurement
    if procurement.stage == Stage.CANCELLED:
        return DomainError("This procurement was cancelled: nothing can be awarded.")
    if procurement.stage not in (Stage.STANDSTILL, Stage.MOBILISATION) or procurement.standstill_ends_on is None:
        return DomainError(
            "A lot is awarded after the award decision and the standstill period "
            f"(the procurement is at {procurement.get_stage_display().lower()}).",
            field="bid",
        )
    if today <= procurement.standstill_ends_on:
        return DomainError(
            f"The standstill period runs to {procurement.standstill_ends_on:%-d %B %Y}: award the lot after it.",
            field="bid",
        )
    if lot.contract_id:
        return DomainError("This lot is already awarded.", field="bid")
    if bid.lot_id != lot.pk:
        return DomainError(f"{bid.bidder} is not a bidder on {lot}.", field="bid")
    if bid.status == BidStatus.WITHDRAWN:
        return DomainError(f"{bid.bidder} withdrew from {lot}.", field="bid")
    if bid.status == BidStatus.EXCLUDED:
        return DomainError(f"{bid.bidder} was excluded from {lot}: {bid.exclusion_reason}", field="bid")
    if bid.shortlisted_on is None:
        return DomainError(f"{bid.bidder} was not shortlisted for {lot}.", field="bid")
    if bid.status != BidStatus.SUBMITTED:
        return DomainError(f"{bid.bidder} has not submitted a tender for {lot}.", field="bid")
    return None


@transaction.atomic
def lot_award(
    *,
    user,
    lot: Lot,
    bid: Bid,
    start_date: date,
    total_value: Decimal | None = None,
    contract_reference: str = "",
    decision_body: str = "",
    decided_on: date | None = None,
    decision_reference: str = "",
    today: date | None = None,
) -> Lot:
    """Award a lot to a shortlisted bidder who submitted, after the standstill period, with the
    decision the scheme of delegation asks for above a threshold; the lot's contract goes into
    the register (provider, values, term and options from the lot), linked back to the lot and
    the procurement."""
    _require(user, "commissioning.award_lot")
    lot = _editable_lot(user, lot)
    procurement = lot.procurement
    refusal = _award_refusal(lot, bid, today or timezone.localdate())
    if refusal:
        raise refusal
    _dated(start_date, "start_date")
    if decided_on is not None:
        _dated(decided_on, "decided_on")
    value = total_value if total_value is not None else (bid.price or lot.value)
    if value < 0:
        raise ValidationError({"total_value": "A contract's value cannot be negative."})
    threshold = threshold_for(
        organisation_id=procurement.organisation_id, value=value, applies_to=ThresholdAppliesTo.AWARD
    )
    if threshold is not None:
        if not decided_on or not decision_reference:
            raise DomainError(
                f"An award worth {format_gbp(value)} needs a decision of {threshold.decision_body} "
                f"(over {format_gbp(threshold.over_value)}): record its date and reference first.",
                field="decided_on",
            )
        decision_body = decision_body or threshold.decision_body
    annual = min(value, to_money(value * Decimal(12) / Decimal(lot.term_months)))
    contract = contract_create(
        user=user,
        reference=contract_reference or f"{procurement.reference}-L{lot.number}"[:40],
        title=lot.title,
        provider=bid.bidder,
        accountable_body=procurement.organisation,
        service_lines=list(procurement.service_lines.all()),
        funding_streams=list(procurement.funding_streams.all()),
        on_behalf_of=list(procurement.run_for.all()),
        lot=str(lot)[:120],
        total_value=value,
        annual_value=annual,
        start_date=start_date,
        initial_end_date=terms.term_end_after(start_date - timedelta(days=1), lot.term_months),
        extension_options=lot.extension_options,
        tupe_applies=procurement.tupe_applies,
        owner=procurement.owner,
        description=lot.description,
        procurement=procurement,
    )
    return model_save(
        lot,
        awarded_bid=bid,
        awarded_on=today or timezone.localdate(),
        contract=contract,
        award_decision_body=decision_body,
        award_decided_on=decided_on,
        award_decision_reference=decision_reference,
        reason=f"Awarded to {bid.bidder}",
    )
