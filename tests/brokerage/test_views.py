"""Brokerage pages and API: the anonymised advert, the bid comparison's constant queries, the
choice through the page, the home-page panel, and finance reading costs without the person."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from brokerage import choices as b
from tests.brokerage import factories as f

pytestmark = pytest.mark.django_db


def _identified_calloff():
    budget = f.PersonalBudgetFactory(
        carer__first_name="Philomena",
        carer__last_name="Trelawney",
        carer__postcode="OX4 9ZZ",
        carer__address="12 Lark Rise, Cowley",
        carer__phone="01865 000111",
    )
    return f.CallOffFactory(personal_budget=budget, area=None)


IDENTIFIERS = ["Philomena", "Trelawney", "OX4 9ZZ", "Lark Rise", "01865 000111"]


def test_no_personal_identifier_appears_in_what_providers_see(client_for, api_for):
    calloff = _identified_calloff()
    page = client_for(Role.BROKERAGE_OFFICER).get(reverse("brokerage:calloff_advert", args=[calloff.pk]))
    api = api_for(Role.BROKERAGE_OFFICER).get(f"/api/call-offs/{calloff.pk}/advert/")
    assert page.status_code == api.status_code == 200
    advert = page.content.decode().split('data-testid="advert"')[1].split("</div>\n<p")[0]
    body = api.content.decode()
    for text in [advert, body]:
        for identifier in IDENTIFIERS + [f"/brokerage/budgets/{calloff.personal_budget_id}/"]:
            assert identifier.lower() not in text.lower(), identifier
    assert "personal_budget" not in api.json()
    assert calloff.needs_summary in advert


def test_bid_comparison_runs_a_constant_number_of_queries(client_for):
    calloff = f.CallOffFactory()
    client = client_for(Role.BROKERAGE_OFFICER)
    url = reverse("brokerage:calloff_detail", args=[calloff.pk])
    f.BidFactory(calloff=calloff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        f.BidFactory(calloff=calloff, weekly_price=Decimal(100 + n), quality_score=Decimal(50 + n))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.content.decode().count('data-testid="total"') == 7


def test_choosing_through_the_page_creates_the_package(client_for):
    calloff = f.CallOffFactory()
    bid = f.BidFactory(calloff=calloff, suitable=True, quality_score=Decimal("80"))
    today = timezone.localdate()
    response = client_for(Role.BROKERAGE_OFFICER).post(
        reverse("brokerage:calloff_choose", args=[calloff.pk]),
        {
            "bid": bid.pk,
            "start_on": today.strftime("%d/%m/%Y"),
            "review_on": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200  # the review date before the start: an error on its field
    assert "cannot be before the package starts" in response.content.decode()
    response = client_for(Role.BROKERAGE_OFFICER).post(
        reverse("brokerage:calloff_choose", args=[calloff.pk]),
        {
            "bid": bid.pk,
            "start_on": today.strftime("%d/%m/%Y"),
            "review_on": (today + timedelta(weeks=6)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    calloff.refresh_from_db()
    assert calloff.status == b.CallOffStatus.AWARDED and calloff.package.weekly_cost == bid.weekly_price


def test_api_refuses_weights_not_summing_to_100(api_for):
    budget = f.PersonalBudgetFactory()
    framework = f.FrameworkFactory()
    response = api_for(Role.BROKERAGE_OFFICER).post(
        "/api/call-offs/",
        {
            "framework": framework.pk,
            "category": framework.categories.first().pk,
            "personal_budget": budget.pk,
            "title": "Support",
            "needs_summary": "Meals",
            "hours_per_week": "10.00",
            "cost_weight": 30,
            "quality_weight": 60,
            "closes_at": (timezone.now() + timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "quality_weight" in response.json()["errors"]


def test_api_refuses_a_bid_after_the_deadline(api_for):
    calloff = f.CallOffFactory(closes_at=timezone.now() - timedelta(hours=1))
    application = f.ApplicationFactory(window=f.WindowFactory(framework=calloff.framework), status="admitted")
    response = api_for(Role.BROKERAGE_OFFICER).post(
        "/api/call-off-bids/",
        {
            "calloff": calloff.pk,
            "provider": application.provider_id,
            "weekly_price": "120.00",
            "hours_per_week": "10.00",
            "proposal": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "after the deadline" in str(response.json())


def test_finance_reads_package_costs_never_the_person(api_for, client_for):
    package = f.CarePackageFactory(personal_budget__carer__last_name="Zanzibar")
    costs = api_for(Role.FINANCE_OFFICER).get("/api/package-costs/")
    assert costs.status_code == 200
    assert "Zanzibar" not in costs.content.decode() and "personal_budget" not in costs.json()["results"][0]
    assert api_for(Role.FINANCE_OFFICER).get(f"/api/care-packages/{package.pk}/").status_code == 403
    page = client_for(Role.FINANCE_OFFICER).get(reverse("brokerage:monitoring"))
    assert page.status_code == 200 and "Zanzibar" not in page.content.decode()
    # Nor through the package's or the budget's own page, nor the provider's monitoring page.
    finance = client_for(Role.FINANCE_OFFICER)
    assert finance.get(package.get_absolute_url()).status_code == 403
    assert finance.get(package.personal_budget.get_absolute_url()).status_code == 403
    assert api_for(Role.FINANCE_OFFICER).get(f"/api/personal-budgets/{package.personal_budget_id}/").status_code == 403
    provider = finance.get(reverse("brokerage:providermonitoring_detail", args=[package.provider_id]))
    assert provider.status_code == 200 and "Zanzibar" not in provider.content.decode()
    assert f"/brokerage/budgets/{package.personal_budget_id}/" not in provider.content.decode()


def test_the_brokerage_officers_home_leads_with_decisions(client_for):
    f.ApplicationFactory()
    f.CallOffFactory(closes_at=timezone.now() + timedelta(days=2))
    body = client_for(Role.BROKERAGE_OFFICER).get("/").content.decode()
    titles = ["Applications to decide", "Bids to check", "Call-offs closing", "Package reviews due"]
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)


def test_another_councils_call_off_is_not_found(client_for, other_org):
    calloff = f.CallOffFactory(framework=f.FrameworkFactory(organisation=other_org))
    response = client_for(Role.BROKERAGE_OFFICER).get(reverse("brokerage:calloff_detail", args=[calloff.pk]))
    assert response.status_code == 404
