"""Writes for breaks, grants and vouchers: apply, decide, redeem vouchers."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from accounts.models import Organisation, User
from carers.grants.choices import GrantStatus
from carers.kpis.services import kpi_cache_bump
from carers.models import Carer, CarerGrant, VoucherRedemption
from common.errors import DomainError
from common.writes import model_full_clean, model_save


@transaction.atomic
def grant_apply(
    *,
    carer: Carer,
    kind: str,
    purpose: str,
    applied_on: date | None = None,
    amount_requested: Decimal | None = None,
    vouchers_requested: int | None = None,
) -> CarerGrant:
    """Record a carer's application for a grant, direct payment or break vouchers."""
    grant = CarerGrant(
        carer=carer,
        organisation_id=carer.organisation_id,
        kind=kind,
        purpose=purpose,
        amount_requested=amount_requested,
        vouchers_requested=vouchers_requested,
    )
    if applied_on is not None:
        grant.applied_on = applied_on
    model_save(grant)
    kpi_cache_bump(organisation_id=grant.organisation_id)
    return grant


@transaction.atomic
def grant_update(*, grant: CarerGrant, **fields) -> CarerGrant:
    """Correct an application that has not been decided yet."""
    grant = CarerGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != GrantStatus.APPLIED:
        raise DomainError("A decided grant cannot be changed; record a new application instead.")
    model_save(grant, **fields)
    kpi_cache_bump(organisation_id=grant.organisation_id)
    return grant


@transaction.atomic
def grant_decide(
    *,
    grant: CarerGrant,
    user: User,
    status: str,
    decided_on: date,
    decision_reason: str = "",
    amount_awarded: Decimal | None = None,
    vouchers_issued: int | None = None,
    payment_method: str = "",
    paid_on: date | None = None,
) -> CarerGrant:
    """Approve (with the amount or vouchers and how it is paid) or decline (with the reason) an application."""
    grant = CarerGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != GrantStatus.APPLIED:
        raise DomainError("This application was already decided.", field="status")
    if status not in (GrantStatus.APPROVED, GrantStatus.DECLINED):
        raise DomainError("Choose approved or declined.", field="status")
    grant.status = status
    grant.decided_on = decided_on
    grant.decided_by = user
    grant.decision_reason = decision_reason
    approved = status == GrantStatus.APPROVED
    grant.amount_awarded = amount_awarded if approved else None
    grant.vouchers_issued = vouchers_issued if approved else None
    grant.payment_method = payment_method if approved else ""
    grant.paid_on = paid_on if approved else None
    model_save(grant)
    kpi_cache_bump(organisation_id=grant.organisation_id)
    return grant


@transaction.atomic
def voucher_redeem(
    *, grant: CarerGrant, provider: Organisation, vouchers_used: int, redeemed_on: date | None = None, note: str = ""
) -> VoucherRedemption:
    """Record vouchers a provider redeemed for short breaks the carer took.

    The grant row is locked so that two providers redeeming at once cannot together use more
    vouchers than were issued."""
    grant = CarerGrant.objects.select_for_update().get(pk=grant.pk)
    if not grant.is_voucher or grant.status != GrantStatus.APPROVED:
        raise DomainError("Only approved Take a Break voucher awards can be redeemed.")
    used = grant.redemptions.aggregate(total=Sum("vouchers_used"))["total"] or 0
    if vouchers_used and used + vouchers_used > grant.vouchers_issued:
        left = grant.vouchers_issued - used
        raise DomainError(
            f"Only {left} of the {grant.vouchers_issued} vouchers issued are left to redeem.", field="vouchers_used"
        )
    redemption = VoucherRedemption(grant=grant, provider=provider, vouchers_used=vouchers_used, note=note)
    if redeemed_on is not None:
        redemption.redeemed_on = redeemed_on
    model_full_clean(redemption)
    if grant.decided_on and redemption.redeemed_on < grant.decided_on:
        raise DomainError("Vouchers cannot be redeemed before they were issued.", field="redeemed_on")
    redemption.save()
    kpi_cache_bump(organisation_id=grant.organisation_id)
    return redemption
