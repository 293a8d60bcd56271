"""The carer KPI, grants and directory API: same rules as the pages, one error shape, keyset pages, constant queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from carers.kpis.choices import KpiMeasure, KpiUnit
from carers.models import AreaEstimate, CarerGrant, KpiTarget, VoucherRedemption
from tests.carers.factories import AssessmentFactory, CarerFactory, ContactFactory
from tests.carers.feature_factories import (
    AreaEstimateFactory,
    CarerGrantFactory,
    DirectoryEntryFactory,
    KpiIndicatorFactory,
    ProviderFactory,
    VoucherGrantFactory,
    county,
)

pytestmark = pytest.mark.django_db


def test_kpi_summary_gives_finance_aggregates_only(api_for, home_org):
    area = county("Oxfordshire", home_org)
    carer = CarerFactory(first_name="Zebedee", area=area, identified_on=date(2019, 5, 1))
    AssessmentFactory(carer=carer, assessed_on=date(2019, 6, 1), assessment_type="joint")
    AreaEstimateFactory(area=area, year=2019, estimated_carers=200)

    response = api_for(Role.FINANCE_OFFICER).get(reverse("api:kpi-summary"), {"year": 2019})

    assert response.status_code == 200
    data = response.json()
    assert data["label"] == "2019/20"
    assert data["known_vs_estimated"][0] | {"area": None} == {
        "area": None,
        "area_name": "Oxfordshire",
        "estimated": 200,
        "known": 1,
        "reported": None,
        "share": "0.5",
    }
    assert data["assessments"][-1] == {
        "year": 2019,
        "label": "2019/20",
        "separate": 0,
        "joint": 1,
        "declined": 0,
        "total": 1,
    }
    assert "Zebedee" not in response.content.decode()
    assert api_for(Role.CSC_OFFICER).get(reverse("api:kpi-summary")).status_code == 403


def test_kpi_summary_bad_filters_answer_field_errors(api_for):
    response = api_for(Role.COMMISSIONER).get(reverse("api:kpi-summary"), {"year": "1066"})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_finance_cannot_read_grants_of_people(api_for, home_org):
    CarerGrantFactory(carer=CarerFactory(organisation=home_org))
    assert api_for(Role.FINANCE_OFFICER).get(reverse("api:grant-list")).status_code == 403
    assert api_for(Role.COMMISSIONER).get(reverse("api:grant-list")).status_code == 403
    spend = api_for(Role.FINANCE_OFFICER).get(reverse("api:grant-spend"))
    assert spend.status_code == 200


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-5.00", "greater than or equal to 0.01"), ("10.555", "no more than 2 decimal places")],
)
def test_grant_with_a_bad_amount_is_refused_with_the_one_error_shape(api_for, home_org, amount, message):
    carer = CarerFactory(organisation=home_org)
    response = api_for(Role.CSC_OFFICER).post(
        reverse("api:grant-list"),
        {"carer": carer.pk, "kind": "leisure_learning", "purpose": "A course", "amount_requested": amount},
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert message in " ".join(body["errors"]["amount_requested"])
    assert not CarerGrant.objects.exists()


def test_grant_for_another_councils_carer_is_refused(api_for, other_org):
    carer = CarerFactory(organisation=other_org)
    response = api_for(Role.CSC_OFFICER).post(
        reverse("api:grant-list"),
        {"carer": carer.pk, "kind": "leisure_learning", "purpose": "A course", "amount_requested": "5.00"},
    )
    assert response.status_code == 400
    assert "carer" in response.json()["errors"]


def test_grant_is_applied_for_and_decided_through_the_api(api_for, home_org):
    carer = CarerFactory(organisation=home_org)
    api = api_for(Role.CSC_OFFICER)
    created = api.post(
        reverse("api:grant-list"),
        {"carer": carer.pk, "kind": "life_of_your_own", "purpose": "Driving lessons", "amount_requested": "300.00"},
    )
    assert created.status_code == 201, created.json()
    url = reverse("api:grant-decide", args=[created.json()["id"]])
    decided = api.post(
        url,
        {
            "status": "approved",
            "decided_on": date.today().isoformat(),
            "amount_awarded": "250.00",
            "payment_method": "cheque",
        },
    )
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["status"], decided.json()["amount_awarded"]) == ("approved", "250.00")
    again = api.post(url, {"status": "declined", "decided_on": date.today().isoformat(), "decision_reason": "x"})
    assert again.status_code == 400
    assert again.json()["errors"] == {"status": ["This application was already decided."]}


def test_voucher_redemption_beyond_vouchers_issued_is_refused(api_for, home_org):
    grant = VoucherGrantFactory(carer=CarerFactory(organisation=home_org), vouchers_issued=5)
    provider = ProviderFactory()
    api = api_for(Role.CSC_OFFICER)
    ok = api.post(reverse("api:redemption-list"), {"grant": grant.pk, "provider": provider.pk, "vouchers_used": 5})
    assert ok.status_code == 201, ok.json()
    over = api.post(reverse("api:redemption-list"), {"grant": grant.pk, "provider": provider.pk, "vouchers_used": 1})
    assert over.status_code == 400
    assert over.json()["errors"] == {"vouchers_used": ["Only 0 of the 5 vouchers issued are left to redeem."]}
    assert VoucherRedemption.objects.count() == 1


def test_percentage_target_outside_0_to_100_is_refused(api_for):
    indicator = KpiIndicatorFactory(measure=KpiMeasure.NI135, unit=KpiUnit.PERCENT)
    api = api_for(Role.COMMISSIONER)
    for bad in ("100.1", "-0.5"):
        response = api.post(reverse("api:kpitarget-list"), {"indicator": indicator.pk, "year": 2008, "target": bad})
        assert response.status_code == 400, bad
        assert "target" in response.json()["errors"]
    ok = api.post(reverse("api:kpitarget-list"), {"indicator": indicator.pk, "year": 2008, "target": "33.0"})
    assert ok.status_code == 201
    assert list(KpiTarget.objects.values_list("target", flat=True)) == [Decimal("33.00")]


def test_targets_of_another_councils_indicator_cannot_be_written(api_for, other_org):
    indicator = KpiIndicatorFactory(organisation=other_org)
    response = api_for(Role.COMMISSIONER).post(
        reverse("api:kpitarget-list"), {"indicator": indicator.pk, "year": 2008, "target": "3"}
    )
    assert response.status_code == 404
    assert (
        api_for(Role.FINANCE_OFFICER)
        .post(reverse("api:kpitarget-list"), {"indicator": indicator.pk, "year": 2008, "target": "3"})
        .status_code
        == 403
    )


def test_area_estimate_below_zero_is_refused(api_for, home_org):
    area = county("Oxfordshire", home_org)
    response = api_for(Role.COMMISSIONER).post(
        reverse("api:areaestimate-list"), {"area": area.pk, "year": 2010, "estimated_carers": -1}
    )
    assert response.status_code == 400
    assert "estimated_carers" in response.json()["errors"]
    assert not AreaEstimate.objects.exists()


def test_signposting_record_through_the_api(api_for, home_org):
    contact = ContactFactory(carer=CarerFactory(organisation=home_org))
    entry = DirectoryEntryFactory()
    api = api_for(Role.CSC_OFFICER)
    first = api.post(reverse("api:signposting-list"), {"contact": contact.pk, "entry": entry.pk})
    second = api.post(reverse("api:signposting-list"), {"contact": contact.pk, "entry": entry.pk})
    assert first.status_code == 201
    assert second.status_code == 400
    assert second.json()["errors"] == {"entry": ["This service was already recorded as given on this contact."]}


def test_api_lists_are_keyset_paged(api_for, home_org):
    for _ in range(3):
        CarerGrantFactory(carer=CarerFactory(organisation=home_org))
    page = api_for(Role.CSC_OFFICER).get(reverse("api:grant-list"), {"page_size": 2}).json()
    assert len(page["results"]) == 2 and "cursor=" in page["next"]
    assert "count" not in page


@pytest.mark.parametrize(
    ("name", "role", "make"),
    [
        (
            "api:grant-list",
            Role.CSC_OFFICER,
            lambda org: VoucherGrantFactory(carer=CarerFactory(organisation=org)),
        ),
        (
            "api:redemption-list",
            Role.CSC_OFFICER,
            lambda org: VoucherGrantFactory(carer=CarerFactory(organisation=org)).redemptions.create(
                provider=ProviderFactory(), vouchers_used=1
            ),
        ),
        ("api:directory-list", Role.COMMISSIONER, lambda org: DirectoryEntryFactory()),
        (
            "api:kpi-list",
            Role.FINANCE_OFFICER,
            lambda org: KpiIndicatorFactory(organisation=org).targets.create(year=2010, target=1),
        ),
        ("api:areaestimate-list", Role.COMMISSIONER, lambda org: AreaEstimateFactory()),
    ],
)
def test_api_list_query_counts_are_constant(api_for, home_org, name, role, make, django_assert_max_num_queries):
    api = api_for(role)
    for _ in range(3):
        make(home_org)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(reverse(name))  # warm the user's permission cache (the same user object serves every request)
    with CaptureQueriesContext(connection) as few:
        assert api.get(reverse(name)).status_code == 200
    for _ in range(12):
        make(home_org)
    with CaptureQueriesContext(connection) as many:
        assert api.get(reverse(name)).status_code == 200
    assert len(few) == len(many)
    with django_assert_max_num_queries(12):
        api.get(reverse(name))
