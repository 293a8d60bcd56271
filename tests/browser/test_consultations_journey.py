"""A commissioner, from the menu, opens a consultation event of seed 000's annex, records what
carers said with its theme, turns it into an action with its owner and what was done, and reads
it back on the theme's page and on the printable "you said, we did" page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SAID = "The carers' centre is hard to reach without a car"
DID = "We added a Tuesday outreach session in Banbury library."


def test_commissioner_records_you_said_we_did(page, login, demo_users, check_a11y):
    from consultations import demo

    demo.load()
    login(page, demo_users["commissioner"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultations").click()
    check_a11y(page)
    page.get_by_role("link", name="Carers Consultation").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carers Consultation")
    check_a11y(page)

    page.get_by_role("link", name="Add a key message").click()
    check_a11y(page)
    page.get_by_label("What people said").fill(SAID)
    page.get_by_label("Transport").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(SAID)).to_be_visible()

    count = page.get_by_role("link", name="Add an action").count()
    page.get_by_role("link", name="Add an action").nth(count - 1).click()  # the newest message
    check_a11y(page)
    page.get_by_label("What we will do").fill("Run outreach sessions in market towns.")
    page.get_by_label("Owner").select_option(label=str(demo_users["commissioner"].get_full_name()))
    page.get_by_label("Due date").fill("31/03/2011")
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("What we did").fill(DID)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(DID)).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="You said, we did (printable)").click()
    expect(page.get_by_text(SAID)).to_be_visible()
    expect(page.get_by_text(DID)).to_be_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultations").click()
    page.get_by_role("link", name="Themes").click()
    check_a11y(page)
    page.get_by_role("link", name="Transport").first.click()
    expect(page.get_by_text(SAID)).to_be_visible()
    check_a11y(page)


def test_commissioner_subscribes_to_the_consultations_calendar(page, live_url, login, demo_users, check_a11y):
    """From the menu to the calendar: this month's action shows; the feed address is made, copied
    with the button, answers a calendar, and answers 404 once stopped."""
    from datetime import timedelta

    from django.utils import timezone

    from consultations import demo
    from tests.consultations.factories import ActionFactory, EventFactory, MessageFactory

    demo.load()
    commissioner = demo_users["commissioner"]
    soon = timezone.localdate() + timedelta(days=10)
    event = EventFactory(organisation=commissioner.organisation, title="Carers week drop-in", starts_on=soon)
    ActionFactory(message=MessageFactory(event=event), owner=commissioner, due_on=soon, description="Send the notes")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)

    login(page, commissioner)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultations").click()
    check_a11y(page)
    page.get_by_role("navigation", name="Consultations").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar")
    expect(page.get_by_role("link", name="Carers week drop-in")).to_be_visible()
    expect(page.get_by_role("link", name="Action due: Send the notes")).to_be_visible()
    check_a11y(page)

    page.get_by_label("Action due dates").check()
    page.get_by_label("For the next").select_option(label="12 months")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Action due: Send the notes")).to_be_visible()
    expect(page.get_by_role("link", name="Carers week drop-in")).to_have_count(0)
    check_a11y(page)

    page.get_by_role("button", name="Make my calendar feed address").click()
    address = page.get_by_label("Your calendar feed address").input_value()
    assert address.startswith(live_url) and address.endswith(".ics")
    check_a11y(page)
    page.get_by_role("button", name="Copy the feed address").click()
    expect(page.get_by_role("status")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address

    feed = page.request.get(address)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text() and "SUMMARY:Carers week drop-in" in feed.text()

    page.get_by_role("button", name="Stop my calendar feed").click()
    expect(page.get_by_text("Your calendar feed was stopped.")).to_be_visible()
    check_a11y(page)
    assert page.request.get(address).status == 404


def test_commissioner_links_an_event_to_the_procurement_it_informed(page, login, demo_users, check_a11y):
    """From the menu to an event, its edit form, the procurement it informed, and back again from
    the procurement's "Consultations that informed it"."""
    from commissioning import demo as commissioning_demo
    from consultations import demo

    commissioning_demo.load()
    demo.load()
    login(page, demo_users["commissioner"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultations").click()
    check_a11y(page)
    page.get_by_role("link", name="Carers Focus Groups").first.click()
    expect(page.get_by_test_id("informed-procurements")).to_have_text("None recorded")
    check_a11y(page)

    page.get_by_role("link", name="Edit the event").click()
    check_a11y(page)
    page.get_by_label("Procurements it informed").select_option(label="OCC-SB-2010: External support brokerage")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carers Focus Groups")
    informed = page.get_by_test_id("informed-procurements")
    expect(informed).to_contain_text("OCC-SB-2010: External support brokerage")
    check_a11y(page)

    informed.get_by_role("link", name="OCC-SB-2010: External support brokerage").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("External support brokerage")
    expect(page.get_by_role("heading", name="Consultations that informed it")).to_be_visible()
    check_a11y(page)
    page.get_by_test_id("procurement-consultations").get_by_role("link", name="Carers Focus Groups").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carers Focus Groups")
    check_a11y(page)
