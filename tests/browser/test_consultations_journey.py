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
