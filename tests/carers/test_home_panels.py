"""Each count on the home page links to exactly the rows it counts: following the link shows as
many carers as the tile says, and only those."""

import re

import pytest
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from tests.carers.factories import CarerFactory, ContactFactory, ReferralFactory

pytestmark = pytest.mark.django_db

PANEL = re.compile(
    r'<span class="app-panel__value">(\d+)</span>\s*<a class="govuk-link[^"]*" href="([^"]+)">([^<]+)</a>'
)


def _panels(client) -> dict[str, tuple[int, str]]:
    page = client.get("/").content.decode()
    return {title: (int(value), href.replace("&amp;", "&")) for value, href, title in PANEL.findall(page)}


def _listed(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"Carer\w+", body) if "Nothing matches" not in body else []


def _referral(carer, kind=c.ReferralKind.CARERS_ASSESSMENT, status=c.ReferralStatus.OPEN):
    closed_at = timezone.now() if status == c.ReferralStatus.CLOSED else None
    return ReferralFactory(contact=ContactFactory(carer=carer), kind=kind, status=status, closed_at=closed_at)


@pytest.fixture
def carers(home_org, other_org):
    """Carers of the home council with open, closed and no referrals, one erased, one elsewhere."""
    two_open = CarerFactory(last_name="CarerTwoOpen", organisation=home_org)
    _referral(two_open)
    _referral(two_open, kind=c.ReferralKind.BROKERAGE)
    brokerage = CarerFactory(last_name="CarerBrokerage", organisation=home_org)
    _referral(brokerage, kind=c.ReferralKind.BROKERAGE)
    closed = CarerFactory(last_name="CarerClosed", organisation=home_org)
    _referral(closed, kind=c.ReferralKind.BROKERAGE, status=c.ReferralStatus.CLOSED)
    CarerFactory(last_name="CarerNone", organisation=home_org)
    erased = CarerFactory(last_name="CarerErased", organisation=home_org, status=c.CarerStatus.ERASED)
    _referral(erased)
    elsewhere = CarerFactory(last_name="CarerElsewhere", organisation=other_org)
    _referral(elsewhere)
    return {"two_open": two_open, "brokerage": brokerage}


def test_open_referrals_tile_opens_the_carers_it_counts(client_for, carers):
    csc = client_for(Role.CSC_OFFICER)
    count, url = _panels(csc)["Open referrals"]
    assert "open_referral=any" in url
    listed = _listed(csc, url)
    assert count == len(listed) == 2
    assert sorted(listed) == ["CarerBrokerage", "CarerTwoOpen"]
    assert len(_listed(csc, "/carers/")) == 4  # the whole list is more than the tile counts


def test_referred_to_brokerage_tile_opens_the_carers_waiting(client_for, carers):
    broker = client_for(Role.BROKERAGE_OFFICER)
    count, url = _panels(broker)["Referred to brokerage"]
    assert "open_referral=brokerage" in url
    listed = _listed(broker, url)
    assert count == len(listed) == 2
    assert sorted(listed) == ["CarerBrokerage", "CarerTwoOpen"]
    # The broker's whole list also holds the carer whose brokerage referral is closed.
    assert "CarerClosed" in _listed(broker, "/carers/")


def test_open_referral_filter_of_one_kind(client_for, carers):
    csc = client_for(Role.CSC_OFFICER)
    assert _listed(csc, "/carers/?open_referral=carers_assessment") == ["CarerTwoOpen"]
    assert "Select a valid choice" in csc.get("/carers/?open_referral=nonsense").content.decode()
