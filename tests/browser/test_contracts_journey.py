"""A commissioner, from the home page, opens the contract whose decision is due soonest, is told
which decision the extension needs, is refused without it, and exercises the option with it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_commissioner_extends_the_contract_due_soonest(page, login, demo_users, check_a11y):
    from commissioning import demo

    demo.load()
    login(page, demo_users["commissioner"])
    panels = page.get_by_test_id("dashboard-panels")
    expect(panels.get_by_role("link").first).to_have_text("Decision due: OCC-CSS-2023")
    panels.get_by_role("link", name="Decision due: OCC-CSS-2023").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OCC-CSS-2023")
    expect(page.get_by_test_id("current-end")).to_contain_text("31 March 2027")
    expect(page.get_by_test_id("amendments")).to_contain_text("Cabinet")
    check_a11y(page)

    page.get_by_role("link", name="Exercise an extension").click()
    expect(page.get_by_test_id("decision-needed")).to_contain_text("Cabinet")
    check_a11y(page)
    page.get_by_label("Rationale").fill("Second one-year option while the service is re-procured.")
    page.get_by_role("button", name="Exercise the extension").click()
    expect(page.get_by_role("alert")).to_contain_text("needs a decision of Cabinet")
    check_a11y(page)

    page.get_by_label("Date of the decision").fill("15/12/2026")
    page.get_by_label("Decision reference").fill("CAB/2026/140")
    page.get_by_role("button", name="Exercise the extension").click()
    expect(page.get_by_text("The extension was recorded.")).to_be_visible()
    expect(page.get_by_test_id("current-end")).to_contain_text("31 March 2028")
    expect(page.get_by_test_id("options-left")).to_have_text("0 left")
    expect(page.get_by_role("link", name="Exercise an extension")).to_have_count(0)
    check_a11y(page)

    # The register, from the menu, filtered to what expires within six months.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts").click()
    page.wait_for_url("**/commissioning/contracts/")
    check_a11y(page)
    page.get_by_label("Expiring within (months)").fill("6")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*expiring_within=6.*"))
    expect(page.get_by_test_id("results-table")).not_to_contain_text("OCC-CSS-2023")
    check_a11y(page)
