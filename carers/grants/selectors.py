"""Read use-cases for breaks, grants and vouchers, including the spend figures budgets reads."""

from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from accounts.models import Organisation
from carers.grants.choices import GrantStatus
from carers.models import CarerGrant, VoucherRedemption
from common.years import fy_label


def _vouchers_used():
    return Coalesce(
        Subquery(
            VoucherRedemption.objects.filter(grant=OuterRef("pk"))
            .order_by()
            .values("grant")
            .annotate(total=Sum("vouchers_used"))
            .values("total")[:1]
        ),
        0,
    )


def grant_list(user) -> QuerySet[CarerGrant]:
    """Grants of the carers `user` may see, with the carer and vouchers used (one query a page)."""
    return (
        CarerGrant.objects.visible_to(user)
        .select_related("carer", "decided_by")
        .annotate(vouchers_used=_vouchers_used())
    )


def grant_redemptions(grant: CarerGrant) -> QuerySet[VoucherRedemption]:
    return grant.redemptions.select_related("provider").order_by("-redeemed_on", "-id")


def redemption_list(user) -> QuerySet[VoucherRedemption]:
    return VoucherRedemption.objects.visible_to(user).select_related("provider", "grant")


def _financial_year() -> Case:
    """The financial year (April–March, named by its first year) of a date, computed in SQL."""
    return Case(
        When(Q(month__lt=4), then=F("calendar_year") - 1),
        default=F("calendar_year"),
        output_field=IntegerField(),
    )


def grant_spend_by_year(organisation: Organisation | None = None) -> list[dict]:
    """Actual spend on carers' grants and direct payments per financial year, for `budgets`.

    Spend is an approved award's amount, in the financial year it was paid (or decided, until the
    payment date is recorded). Vouchers are counted, not priced: their cost is the provider's
    contract. Returns [{"year": 2007, "label": "2007/08", "amount": Decimal, "awards": int,
    "vouchers_issued": int}], oldest first, summed in the database."""
    grants = CarerGrant.objects.filter(status=GrantStatus.APPROVED)
    if organisation is not None:
        grants = grants.filter(organisation=organisation)
    rows = (
        grants.annotate(spent_on=Coalesce("paid_on", "decided_on"))
        .annotate(calendar_year=ExtractYear("spent_on"), month=ExtractMonth("spent_on"))
        .annotate(fy=_financial_year())
        .values("fy")
        .annotate(
            amount=Coalesce(Sum("amount_awarded"), Value(Decimal("0.00"))),
            awards=Count("id"),
            vouchers_issued=Coalesce(Sum("vouchers_issued"), 0),
        )
        .order_by("fy")
    )
    return [
        {
            "year": row["fy"],
            "label": fy_label(row["fy"]),
            "amount": row["amount"],
            "awards": row["awards"],
            "vouchers_issued": row["vouchers_issued"],
        }
        for row in rows
        if row["fy"] is not None
    ]
