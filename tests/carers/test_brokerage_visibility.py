"""Brokerage officers open the records of their organisation's carers who were referred to
brokerage, and nobody else's; what they open is access-logged like any other view."""

import re

import pytest
from django.urls import reverse

from accounts.choices import Role
from carers import choices as c
from carers import selectors
from carers.models import AccessLog, Carer
from tests.carers.factories import (
    CaredForPersonFactory,
    CarerFactory,
    CaringRelationshipFactory,
    ContactFactory,
    ReferralFactory,
)


@pytest.fixture
def broker(personas):
    return personas[Role.BROKERAGE_OFFICER]


@pytest.fixture
def referred(db):
    carer = CarerFactory(first_name="Ada", last_name="Brokered")
    contact = ContactFactory(carer=carer, advice_given="Talked about her husband's care at home.")
    ReferralFactory(contact=contact, kind=c.ReferralKind.BROKERAGE)
    ReferralFactory(contact=contact, kind=c.ReferralKind.BENEFITS_CHECK)
    return carer


@pytest.fixture
def not_referred(db):
    carer = CarerFactory(first_name="Ben", last_name="Unreferred")
    ReferralFactory(contact=ContactFactory(carer=carer), kind=c.ReferralKind.PEER_SUPPORT)
    return carer


def test_a_broker_sees_only_carers_referred_to_brokerage(broker, referred, not_referred, other_org):
    elsewhere = CarerFactory(first_name="Cy", last_name="Elsewhere", organisation=other_org)
    ReferralFactory(contact=ContactFactory(carer=elsewhere), kind=c.ReferralKind.BROKERAGE)
    assert list(Carer.objects.visible_to(broker)) == [referred]
    assert selectors.carer_search(user=broker, text="ada brokered") == [referred]
    assert selectors.carer_search(user=broker, text="ben unreferred") == []


def test_the_broker_opens_the_referred_carers_page_and_the_view_is_logged(client_for, referred, not_referred):
    client = client_for(Role.BROKERAGE_OFFICER)
    page = client.get(reverse("carers:carer_detail", args=[referred.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ada" in text and "Brokerage" in text
    # The contact history and other services' referrals are the CSC's, not brokerage's.
    assert "Talked about her husband" not in text and "Benefits check" not in text
    assert 'data-testid="timeline"' not in text
    assert AccessLog.objects.filter(carer=referred, action=c.AccessAction.VIEWED).count() == 1
    refused = client.get(reverse("carers:carer_detail", args=[not_referred.pk]))
    assert refused.status_code == 404  # out of scope answers as a missing id
    assert AccessLog.objects.filter(carer=not_referred, action=c.AccessAction.REFUSED).exists()


def test_the_broker_finds_them_in_the_carers_list_and_the_api(client_for, api_for, referred, not_referred):
    listing = client_for(Role.BROKERAGE_OFFICER).get(reverse("carers:carer_list")).content.decode()
    assert "Brokered" in listing and "Unreferred" not in listing
    api = api_for(Role.BROKERAGE_OFFICER)
    ids = [row["id"] for row in api.get(reverse("api:carer-list")).json()["results"]]
    assert ids == [referred.pk]
    assert api.get(reverse("api:carer-detail", args=[referred.pk])).status_code == 200
    assert api.get(reverse("api:carer-detail", args=[not_referred.pk])).status_code == 404
    # Contacts stay with the CSC.
    assert api.get(reverse("api:contact-list")).status_code == 403


def test_the_broker_sees_who_the_referred_carer_cares_for(client_for, referred, not_referred):
    person = CaredForPersonFactory(first_name="Edwin", last_name="Brokered")
    CaringRelationshipFactory(carer=referred, cared_for=person)
    other = CaredForPersonFactory(first_name="Fay", last_name="Unreferred")
    CaringRelationshipFactory(carer=not_referred, cared_for=other)
    client = client_for(Role.BROKERAGE_OFFICER)
    assert client.get(reverse("carers:caredforperson_detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("carers:caredforperson_detail", args=[other.pk])).status_code == 404


def test_a_csc_officer_still_sees_every_carer_and_the_timeline(client_for, referred, not_referred):
    client = client_for(Role.CSC_OFFICER)
    page = client.get(reverse("carers:carer_detail", args=[referred.pk])).content.decode()
    assert "Talked about her husband" in page and "Benefits check" in page
    assert client.get(reverse("carers:carer_detail", args=[not_referred.pk])).status_code == 200


def _panel_number(page: str, title: str) -> int:
    """The number shown on the home-page panel titled `title` (templates/components/_panels.html)."""
    for item in page.split('<li class="app-panel">')[1:]:
        item = item.split("</li>")[0]
        if title in item:
            return int(re.search(r'class="app-panel__value">\s*(\d+)\s*<', item).group(1))
    raise AssertionError(f"no panel {title!r} on the page")


def test_the_brokers_home_page_counts_the_referrals_waiting(client_for, referred, not_referred, other_org):
    second = CarerFactory(first_name="Dot", last_name="Brokered")
    ReferralFactory(contact=ContactFactory(carer=second), kind=c.ReferralKind.BROKERAGE)
    elsewhere = CarerFactory(organisation=other_org)  # another council's referral is not counted
    ReferralFactory(contact=ContactFactory(carer=elsewhere), kind=c.ReferralKind.BROKERAGE)
    home = client_for(Role.BROKERAGE_OFFICER).get("/")
    assert home.status_code == 200
    assert _panel_number(home.content.decode(), "Referred to brokerage") == 2
    assert selectors.brokerage_referrals_waiting(referred.organisation_id) == 2
    finance = client_for(Role.FINANCE_OFFICER).get("/").content.decode()
    assert "Referred to brokerage" not in finance
