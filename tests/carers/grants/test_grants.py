"""Breaks, grants and vouchers: applications, decisions, redemptions, spend by financial year."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from carers.grants import selectors, services
from carers.grants.choices import GrantKind, GrantStatus
from carers.models import CarerGrant, VoucherRedemption
from common.errors import DomainError
from tests.carers.factories import CarerFactory
from tests.carers.feature_factories import (
    ApprovedGrantFactory,
    CarerGrantFactory,
    ProviderFactory,
    VoucherGrantFactory,
    VoucherRedemptionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_the_carers_page_lists_their_grants_and_links_to_a_new_application(client_for, home_org):
    carer = CarerFactory(organisation=home_org)
    ApprovedGrantFactory(carer=carer, amount_awarded=Decimal("250.00"))
    VoucherGrantFactory(carer=carer)
    page = client_for(Role.CSC_OFFICER).get(carer.get_absolute_url()).content.decode()
    assert "Grants and breaks" in page
    assert "Leisure and Learning grant" in page and "£250.00" in page
    assert "Take a Break vouchers" in page
    assert f"{reverse('carers:grant_create')}?carer={carer.pk}" in page


def test_csc_officer_records_an_application_from_the_carers_context(client_for, home_org):
    carer = CarerFactory(organisation=home_org)
    client = client_for(Role.CSC_OFFICER)
    page = client.get(reverse("carers:grant_create"), {"carer": carer.pk})
    assert f'value="{carer.pk}"' in page.content.decode()

    response = client.post(
        reverse("carers:grant_create"),
        {
            "carer_id": carer.pk,
            "kind": GrantKind.LEISURE_LEARNING,
            "purpose": "A pottery course",
            "applied_on": TODAY.isoformat(),
            "amount_requested": "120.50",
        },
    )

    grant = CarerGrant.objects.get()
    assert response.status_code == 302
    assert (grant.carer, grant.organisation, grant.amount_requested) == (carer, home_org, Decimal("120.50"))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-10.00", "Ensure this value is greater than or equal to 0.01."),
        ("10.555", "Ensure that there are no more than 2 decimal places."),
        ("0", "Ensure this value is greater than or equal to 0.01."),
    ],
)
def test_bad_amounts_are_refused_on_the_field(client_for, home_org, amount, message):
    carer = CarerFactory(organisation=home_org)
    response = client_for(Role.CSC_OFFICER).post(
        reverse("carers:grant_create"),
        {
            "carer_id": carer.pk,
            "kind": "leisure_learning",
            "purpose": "x",
            "applied_on": TODAY,
            "amount_requested": amount,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CarerGrant.objects.exists()


def test_a_carer_of_another_council_cannot_be_given_a_grant(client_for, other_org):
    foreign = CarerFactory(organisation=other_org)
    response = client_for(Role.CSC_OFFICER).post(
        reverse("carers:grant_create"),
        {
            "carer_id": foreign.pk,
            "kind": "leisure_learning",
            "purpose": "x",
            "applied_on": TODAY,
            "amount_requested": "5",
        },
    )
    assert "No carer with this record number that you can see." in response.content.decode()
    assert not CarerGrant.objects.exists()


def test_vouchers_are_not_given_as_money_and_grants_not_as_vouchers():
    carer = CarerFactory()
    with pytest.raises(ValidationError) as exc:
        services.grant_apply(carer=carer, kind=GrantKind.TAKE_A_BREAK, purpose="x", amount_requested=Decimal("5"))
    assert "amount_awarded" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.grant_apply(carer=carer, kind=GrantKind.LIFE_OF_YOUR_OWN, purpose="x", vouchers_requested=3)
    assert "vouchers_issued" in exc.value.message_dict


def test_decision_approves_with_amount_and_payment_method(personas):
    grant = CarerGrantFactory()
    decided = services.grant_decide(
        grant=grant,
        user=personas[Role.CSC_OFFICER],
        status=GrantStatus.APPROVED,
        decided_on=TODAY,
        amount_awarded=Decimal("200.00"),
        payment_method="bank_transfer",
    )
    assert (decided.status, decided.amount_awarded, decided.decided_by) == (
        "approved",
        Decimal("200.00"),
        personas[Role.CSC_OFFICER],
    )
    with pytest.raises(DomainError, match="already decided"):
        services.grant_decide(grant=grant, user=personas[Role.CSC_OFFICER], status="declined", decided_on=TODAY)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "declined", "decision_reason": ""}, "decision_reason"),
        ({"status": "approved", "payment_method": "bank_transfer"}, "amount_awarded"),
        ({"status": "approved", "amount_awarded": "50.00"}, "payment_method"),
        ({"status": "approved", "amount_awarded": "-50.00", "payment_method": "cheque"}, "amount_awarded"),
    ],
)
def test_decision_form_bad_input(client_for, home_org, data, field):
    grant = CarerGrantFactory(carer=CarerFactory(organisation=home_org))
    response = client_for(Role.CSC_OFFICER).post(
        reverse("carers:grant_decide", args=[grant.pk]), {"decided_on": TODAY.isoformat()} | data
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPLIED


def test_voucher_redemption_beyond_the_vouchers_issued_is_refused(client_for, home_org):
    grant = VoucherGrantFactory(carer=CarerFactory(organisation=home_org), vouchers_issued=10)
    provider = ProviderFactory()
    services.voucher_redeem(grant=grant, provider=provider, vouchers_used=8)
    client = client_for(Role.CSC_OFFICER)

    response = client.post(
        reverse("carers:voucher_redeem", args=[grant.pk]),
        {"provider": provider.pk, "redeemed_on": TODAY.isoformat(), "vouchers_used": 3},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["vouchers_used"] == ["Only 2 of the 10 vouchers issued are left to redeem."]
    assert VoucherRedemption.objects.count() == 1
    ok = client.post(
        reverse("carers:voucher_redeem", args=[grant.pk]),
        {"provider": provider.pk, "redeemed_on": TODAY.isoformat(), "vouchers_used": 2},
    )
    assert ok.status_code == 302
    assert selectors.grant_list(_user()).get().vouchers_used == 10


def _user():
    from accounts.models import User

    return User.objects.get(username="p_csc")


@pytest.mark.parametrize("used", [0, -1])
def test_redeeming_no_vouchers_is_refused(used):
    grant = VoucherGrantFactory()
    with pytest.raises(ValidationError) as exc:
        services.voucher_redeem(grant=grant, provider=ProviderFactory(), vouchers_used=used)
    assert "vouchers_used" in exc.value.message_dict


def test_money_grants_cannot_be_redeemed_as_vouchers():
    with pytest.raises(DomainError, match="Only approved Take a Break"):
        services.voucher_redeem(grant=ApprovedGrantFactory(), provider=ProviderFactory(), vouchers_used=1)


def test_grant_spend_by_year_sums_approved_awards_by_financial_year_in_the_database(home_org, other_org):
    mine = CarerFactory(organisation=home_org)
    ApprovedGrantFactory(
        carer=mine,
        applied_on=date(2019, 3, 1),
        decided_on=date(2019, 3, 20),
        paid_on=date(2019, 3, 31),
        amount_awarded=Decimal("100.10"),
    )
    ApprovedGrantFactory(
        carer=mine,
        applied_on=date(2019, 3, 1),
        decided_on=date(2019, 3, 20),
        paid_on=date(2019, 4, 1),
        amount_awarded=Decimal("200.20"),
    )
    ApprovedGrantFactory(
        carer=mine,
        applied_on=date(2019, 3, 1),
        decided_on=date(2020, 3, 31),
        paid_on=None,
        amount_awarded=Decimal("0.01"),
    )
    CarerGrantFactory(carer=mine, amount_requested=Decimal("999"))  # not decided: no spend
    VoucherGrantFactory(carer=mine, applied_on=date(2019, 5, 1), decided_on=date(2019, 5, 2), vouchers_issued=18)
    ApprovedGrantFactory(carer=CarerFactory(organisation=other_org), amount_awarded=Decimal("5000"))

    rows = selectors.grant_spend_by_year(home_org)

    assert [(r["label"], r["amount"], r["awards"], r["vouchers_issued"]) for r in rows] == [
        ("2018/19", Decimal("100.10"), 1, 0),
        ("2019/20", Decimal("200.21"), 3, 18),
    ]
    assert len(selectors.grant_spend_by_year()) >= 2  # all organisations


def test_grant_pages_are_for_roles_holding_carers_records(client_for, home_org):
    grant = CarerGrantFactory(carer=CarerFactory(organisation=home_org))
    for role in (Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.BROKERAGE_OFFICER):
        client = client_for(role)
        assert client.get(reverse("carers:grant_list")).status_code == 403
        assert client.get(reverse("carers:grant_detail", args=[grant.pk])).status_code == 403
    assert client_for(Role.COMMISSIONER).get(reverse("carers:grant_spend")).status_code == 200
    assert client_for(Role.FINANCE_OFFICER).get(reverse("carers:grant_spend")).status_code == 200
    assert client_for(Role.CSC_OFFICER).get(reverse("carers:grant_spend")).status_code == 403


def test_another_councils_grant_is_not_found(client_for, other_org):
    grant = CarerGrantFactory(carer=CarerFactory(organisation=other_org))
    assert client_for(Role.CSC_OFFICER).get(reverse("carers:grant_detail", args=[grant.pk])).status_code == 404


def test_grant_list_filters_by_carer_and_status(client_for, home_org):
    alice = CarerFactory(organisation=home_org)
    CarerGrantFactory(carer=alice)
    ApprovedGrantFactory(carer=alice)
    CarerGrantFactory(carer=CarerFactory(organisation=home_org))
    client = client_for(Role.CSC_OFFICER)
    response = client.get(reverse("carers:grant_list"), {"carer": alice.pk})
    assert len(response.context["table"].rows) == 2
    response = client.get(reverse("carers:grant_list"), {"carer": alice.pk, "status": "approved"})
    assert len(response.context["table"].rows) == 1


def test_grant_list_and_detail_query_counts(client_for, home_org, django_assert_max_num_queries):
    carer = CarerFactory(organisation=home_org)
    grants = [VoucherGrantFactory(carer=CarerFactory(organisation=home_org)) for _ in range(15)]
    for grant in grants:
        VoucherRedemptionFactory.create_batch(2, grant=grant)
    ApprovedGrantFactory(carer=carer)
    client = client_for(Role.CSC_OFFICER)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:grant_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:grant_detail", args=[grants[0].pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:grant_spend")).status_code in (200, 403)


def test_dates_must_be_in_order():
    grant = CarerGrantFactory(applied_on=TODAY - timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        services.grant_decide(
            grant=grant, user=None, status="declined", decided_on=TODAY - timedelta(days=5), decision_reason="No"
        )
    assert "decided_on" in exc.value.message_dict
