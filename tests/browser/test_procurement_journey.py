"""A commissioner, from the menu, starts a procurement, adds a lot over the estimate (and is
warned by how much), adds a bidder, moves the procurement through its stages (refused a move the
workflow does not allow), and awards the lot after the standstill: its contract is in the register."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _move(page, stage: str, on: str) -> None:
    page.get_by_role("link", name="Move to the next stage").click()
    page.get_by_label(stage, exact=True).check()
    page.get_by_label("Date of the move").fill(on)
    page.get_by_role("button", name="Move").click()


def test_commissioner_runs_a_direct_award_to_its_contract(page, login, demo_users, check_a11y):
    from accounts.models import Organisation
    from commissioning.models import ServiceLine

    ServiceLine.objects.get_or_create(name="Carers support service")
    Organisation.objects.get_or_create(name="Carers Trust Thames", defaults={"kind": "voluntary"})
    login(page, demo_users["commissioner"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procurements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Procurement pipeline")
    check_a11y(page)

    page.get_by_role("link", name="Start a procurement").click()
    page.get_by_label("Reference").fill("OCC-DA-2026")
    page.get_by_label("Title").fill("Emergency carers support")
    page.get_by_label("Direct award").check()
    page.get_by_label("Carers support service").check()
    page.get_by_label("Estimated value (£)").fill("300000.00")
    check_a11y(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("stage")).to_contain_text("Market engagement")
    check_a11y(page)

    page.get_by_role("link", name="Add a lot").click()
    page.get_by_label("Number").fill("1")
    page.get_by_label("Title").fill("Emergency carers support")
    page.get_by_label("Value (£)").fill("330000.00")
    page.get_by_label("Initial term (months)").fill("24")
    page.get_by_label("Extension options").fill("12")
    check_a11y(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("lot-warning")).to_contain_text("£30,000.00 more than the procurement's estimate")
    check_a11y(page)

    page.get_by_test_id("lots").get_by_role("link", name="Lot 1: Emergency carers support").click()
    page.get_by_role("link", name="Add a bidder").click()
    page.get_by_label("Bidder").select_option(label="Carers Trust Thames")
    page.get_by_label("Submitted a tender").check()
    page.get_by_label("Tendered price (£)").fill("320000.00")
    check_a11y(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("bidders")).to_contain_text("Submitted a tender")
    check_a11y(page)
    page.get_by_role("link", name="OCC-DA-2026: Emergency carers support").click()

    # Standstill first: the workflow refuses it straight after market engagement.
    _move(page, "Standstill", "02/02/2026")
    expect(page.get_by_role("alert")).to_contain_text("cannot move to Standstill")
    check_a11y(page)
    page.get_by_label("Award decision", exact=True).check()
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("stage")).to_contain_text("Award decision")
    _move(page, "Standstill", "03/02/2026")
    expect(page.get_by_test_id("stage")).to_contain_text("Standstill ends 13 February 2026")
    check_a11y(page)

    page.get_by_test_id("lots").get_by_role("link", name="Lot 1: Emergency carers support").click()
    page.get_by_role("link", name="Award the lot").click()
    page.get_by_label("Carers Trust Thames (submitted a tender)").check()
    page.get_by_label("Contract starts on").fill("01/04/2026")
    check_a11y(page)
    page.get_by_role("button", name="Award the lot").click()
    expect(page.get_by_text("The lot was awarded and its contract added to the register.")).to_be_visible()
    expect(page.get_by_test_id("award")).to_contain_text("OCC-DA-2026-L1")
    page.get_by_test_id("award").get_by_role("link", name="OCC-DA-2026-L1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OCC-DA-2026-L1")
    expect(page.get_by_test_id("total-value")).to_have_text("£320,000.00")
    check_a11y(page)
