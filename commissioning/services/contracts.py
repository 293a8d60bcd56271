"""Writes and rules of the contracts register: create and edit a contract as awarded, exercise an
extension option, amend (value, scope, term, early termination), record a review, mark a
notice published. The contract's current values come from its amendments, so every change after
award is an amendment, never an edit of the award."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning import terms
from commissioning.choices import (
    NOTICE_FOR,
    REVIEW_MONTHS,
    AmendmentKind,
    ContractStatus,
    ThresholdAppliesTo,
)
from commissioning.models import Contract, ContractAmendment
from commissioning.querysets import CHANGE
from commissioning.services.thresholds import threshold_for
from common.errors import DomainError
from common.money import format_gbp, to_money
from common.writes import model_save
from reminders.services import notifications_withdraw_unread

# Reminder sources whose pending notifications name a contract's end (withdrawn when it moves).
END_SOURCES = ("commissioning.contract_end", "commissioning.decision_due")


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _editable(user, contract: Contract) -> Contract:
    """The contract locked for a change, if the user's organisation is accountable for it."""
    try:
        return Contract.objects.visible_to(user, CHANGE).select_for_update(of=("self",)).get(pk=contract.pk)
    except Contract.DoesNotExist:
        raise DomainError("Only the accountable body's commissioners can change this contract.") from None


def _set_relations(contract: Contract, relations: dict) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(contract, name).set(values)


_RELATIONS = ("service_lines", "funding_streams", "on_behalf_of")


@transaction.atomic
def contract_create(*, user, **fields) -> Contract:
    """Add a contract to the register, accountable to the commissioner's own organisation."""
    _require(user, "commissioning.add_contract")
    relations = {name: fields.pop(name, None) for name in _RELATIONS}
    if "accountable_body" not in fields or not user.is_superuser:
        if not user.organisation_id:
            raise DomainError("Only an organisation's commissioners can add its contracts.")
        fields["accountable_body_id"] = user.organisation_id
        fields.pop("accountable_body", None)
    contract = model_save(Contract(), **fields)
    if not relations.get("service_lines"):
        raise ValidationError({"service_lines": "Choose at least one service line."})
    _set_relations(contract, relations)
    return contract


@transaction.atomic
def contract_update(*, user, contract: Contract, **fields) -> Contract:
    """Correct a contract's details as awarded. Changes after award are amendments instead."""
    _require(user, "commissioning.change_contract")
    contract = _editable(user, contract)
    relations = {name: fields.pop(name, None) for name in _RELATIONS}
    fields.pop("accountable_body", None)
    if contract.amendments.exists():
        for name in ("initial_end_date", "total_value", "annual_value", "extension_options"):
            if name in fields and fields[name] != getattr(contract, name):
                raise DomainError(
                    "This contract has amendments, which its current values come from: record a variation "
                    "instead of changing the award.",
                    field=name,
                )
    model_save(contract, **fields)
    if relations.get("service_lines") is not None and not relations["service_lines"]:
        raise ValidationError({"service_lines": "Choose at least one service line."})
    _set_relations(contract, relations)
    return contract


def _current(contract: Contract):
    return Contract.objects.with_current().get(pk=contract.pk).current


def _decision_check(contract: Contract, *, value: Decimal, applies_to: str, decision: dict) -> dict:
    """The decision fields to record, refusing a change above a threshold without its decision."""
    threshold = threshold_for(organisation_id=contract.accountable_body_id, value=value, applies_to=applies_to)
    if threshold is not None:
        if not decision.get("decided_on") or not decision.get("decision_reference"):
            raise DomainError(
                f"A change worth {format_gbp(abs(value))} needs a decision of {threshold.decision_body} "
                f"(over {format_gbp(threshold.over_value)}): record its date and reference first.",
                field="decided_on",
            )
        decision["decision_body"] = decision.get("decision_body") or threshold.decision_body
    return decision


def _amendment_save(contract: Contract, *, user, **fields) -> ContractAmendment:
    sequence = (contract.amendments.aggregate(n=Max("sequence"))["n"] or 0) + 1
    amendment = ContractAmendment(
        contract=contract,
        sequence=sequence,
        recorded_by=user if user.is_authenticated else None,
        notice_kind=NOTICE_FOR[fields["kind"]],
    )
    try:
        return model_save(amendment, **fields)
    except ValidationError as exc:
        errors = {("new_end" if name == "end_after" else name): messages for name, messages in exc.message_dict.items()}
        raise ValidationError(errors) from exc


def notifications_withdraw(*, contract: Contract) -> int:
    """Withdraw the unread reminders about a contract's end and decision date when its end moves:
    they name the old dates and would be stale (the next scan sends the new end's). Reminders
    already read stay in the recipient's history."""
    return notifications_withdraw_unread(source_names=END_SOURCES, record_id=contract.pk)


DECISION_FIELDS = ("decision_maker", "decision_body", "decided_on", "decision_reference")


@transaction.atomic
def contract_extend(
    *,
    user,
    contract: Contract,
    effective_on: date | None = None,
    months: int | None = None,
    added_value: Decimal | None = None,
    rationale: str,
    decision_maker: str = "",
    decision_body: str = "",
    decided_on: date | None = None,
    decision_reference: str = "",
) -> ContractAmendment:
    """Exercise the contract's next extension option (all of it, or fewer months of it), with its
    decision. Refuses what the options do not allow, and a change above a threshold of the scheme
    of delegation without its decision recorded."""
    _require(user, "commissioning.exercise_extension")
    contract = _editable(user, contract)
    if contract.status != ContractStatus.LIVE:
        raise DomainError("A terminated contract cannot be extended.")
    current = _current(contract)
    left = contract.options[current.options_used :]
    if not left:
        used = len(contract.options)
        raise DomainError(
            f"No extension option is left: the contract had {used} option{'s' if used != 1 else ''} "
            f"({contract.options_label}) and {'all were' if used else 'there are none to be'} exercised.",
            field="months",
        )
    months = months or left[0]
    if months > left[0]:
        raise DomainError(
            f"The next option allows at most {terms.months_label(left[0])} ({left[0]} months).", field="months"
        )
    if added_value is None:
        added_value = to_money(current.annual_value * Decimal(months) / Decimal(12))
    if added_value < 0:
        raise ValidationError({"added_value": "The value of an extension cannot be negative."})
    decision = _decision_check(
        contract,
        value=added_value,
        applies_to=ThresholdAppliesTo.EXTENSION,
        decision={
            "decision_maker": decision_maker,
            "decision_body": decision_body,
            "decided_on": decided_on,
            "decision_reference": decision_reference,
        },
    )
    new_end = terms.term_end_after(current.end, months)
    amendment = _amendment_save(
        contract,
        user=user,
        kind=AmendmentKind.EXTENSION,
        effective_on=effective_on or current.end + relativedelta(days=1),
        rationale=rationale,
        option_months=months,
        end_before=current.end,
        end_after=new_end,
        total_before=current.total_value,
        total_after=current.total_value + added_value,
        **decision,
    )
    notifications_withdraw(contract=contract)
    return amendment


@transaction.atomic
def contract_amend(
    *,
    user,
    contract: Contract,
    kind: str,
    effective_on: date,
    rationale: str,
    new_end: date | None = None,
    new_total: Decimal | None = None,
    new_annual: Decimal | None = None,
    new_scope: str = "",
    decision_maker: str = "",
    decision_body: str = "",
    decided_on: date | None = None,
    decision_reference: str = "",
) -> ContractAmendment:
    """Record a variation of value, scope or term, or an early termination (extensions go through
    contract_extend, which spends an option)."""
    _require(user, "commissioning.add_contractamendment")
    contract = _editable(user, contract)
    if contract.status != ContractStatus.LIVE:
        raise DomainError("This contract was terminated: it cannot be amended further.")
    current = _current(contract)
    decision = {
        "decision_maker": decision_maker,
        "decision_body": decision_body,
        "decided_on": decided_on,
        "decision_reference": decision_reference,
    }
    fields: dict = {}
    if kind == AmendmentKind.VALUE:
        if new_total is None and new_annual is None:
            raise ValidationError({"new_total": "Enter the new total value, the new annual value, or both."})
        total = current.total_value if new_total is None else new_total
        annual = current.annual_value if new_annual is None else new_annual
        if annual > total:
            raise ValidationError({"new_annual": "The annual value cannot be more than the total value."})
        decision = _decision_check(
            contract, value=total - current.total_value, applies_to=ThresholdAppliesTo.VARIATION, decision=decision
        )
        fields = {"total_before": current.total_value, "total_after": total}
        if new_annual is not None:
            fields |= {"annual_before": current.annual_value, "annual_after": annual}
    elif kind == AmendmentKind.SCOPE:
        if not new_scope.strip():
            raise ValidationError({"new_scope": "Describe the scope after the change."})
        fields = {"scope_before": contract.description, "scope_after": new_scope}
    elif kind in (AmendmentKind.TERM, AmendmentKind.TERMINATION):
        if kind == AmendmentKind.TERMINATION:
            new_end = new_end or effective_on
            if new_end > current.end:
                raise ValidationError({"new_end": "An early termination ends the contract before its current end."})
        if new_end is None:
            raise ValidationError({"new_end": "Enter the new end date."})
        if new_end < contract.start_date:
            raise ValidationError({"new_end": "The end must be on or after the start."})
        fields = {"end_before": current.end, "end_after": new_end}
    else:
        raise ValidationError({"kind": "Extensions are recorded by exercising an option."})
    amendment = _amendment_save(
        contract, user=user, kind=kind, effective_on=effective_on, rationale=rationale, **fields, **decision
    )
    if kind == AmendmentKind.TERMINATION:
        model_save(contract, status=ContractStatus.TERMINATED, reason="Terminated early")
    if kind in (AmendmentKind.TERM, AmendmentKind.TERMINATION):
        notifications_withdraw(contract=contract)
    return amendment


@transaction.atomic
def contract_review_record(*, user, contract: Contract, reviewed_on: date | None = None) -> Contract:
    """Record that the contract was reviewed: the next review date moves on by its schedule."""
    _require(user, "commissioning.change_contract")
    contract = _editable(user, contract)
    reviewed_on = reviewed_on or timezone.localdate()
    months = REVIEW_MONTHS[contract.review_frequency]
    return model_save(
        contract,
        next_review_date=terms.add_months(reviewed_on, months),
        reason=f"Review recorded on {reviewed_on:%d/%m/%Y}",
    )


@transaction.atomic
def amendment_notice_publish(*, user, amendment: ContractAmendment, published_on: date) -> ContractAmendment:
    """Mark an amendment's Procurement Act notice (UK10 or UK11) published."""
    _require(user, "commissioning.change_contractamendment")
    _editable(user, amendment.contract)
    if published_on < amendment.effective_on - relativedelta(years=1):
        raise ValidationError({"published_on": "The notice cannot be published a year before the change."})
    return model_save(amendment, notice_published_on=published_on)
