"""A finance officer, from the menu, sets Oxfordshire's 2010/11 carers budget, types in the
report's table (seed 000: groups sharing one amount, lines with their service line and delivery
method), gets back £6,303,000.00 with nothing unallocated, and approves it."""

import pytest
from playwright.sync_api import expect

from budgets.seed_tables import (
    OXFORDSHIRE_GROUPS,
    OXFORDSHIRE_LINES,
    OXFORDSHIRE_STREAMS,
    OXFORDSHIRE_TOTAL,
)

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _reference_rows():
    """The seeded reference rows the table names (a transactional test starts without them)."""
    from budgets.models import FundingStream
    from commissioning.models import DeliveryMethod, ServiceLine

    for _, service_line, method, _ in OXFORDSHIRE_LINES:
        ServiceLine.objects.get_or_create(name=service_line)
        if method:
            DeliveryMethod.objects.get_or_create(name=method)
    for name in OXFORDSHIRE_STREAMS:
        FundingStream.objects.get_or_create(name=name)


def test_finance_officer_types_in_the_oxfordshire_table(page, login, demo_users, check_a11y):
    _reference_rows()
    login(page, demo_users["finance"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Budgets").click()
    check_a11y(page)
    page.get_by_role("link", name="Set a budget").click()
    check_a11y(page)
    page.get_by_label("Financial year").select_option(label="2010/11")
    page.get_by_label("Total (£)").fill(f"{OXFORDSHIRE_TOTAL}")
    page.get_by_role("button", name="Create draft budget").click()
    expect(page.get_by_text("was created as a draft")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Add a funding contribution").click()
    check_a11y(page)
    for name in OXFORDSHIRE_STREAMS:
        page.get_by_label(name).check()
    page.get_by_label("Amount (£)").fill(f"{OXFORDSHIRE_TOTAL}")
    page.get_by_role("button", name="Save").click()

    for index, (name, amount) in enumerate(OXFORDSHIRE_GROUPS.items()):
        page.get_by_role("link", name="Add a group of lines").click()
        if index == 0:  # the same form each time
            check_a11y(page)
        page.get_by_label("Name").fill(name)
        page.get_by_label("Shared amount (£)").fill(f"{amount}")
        page.get_by_role("button", name="Save").click()
    check_a11y(page)

    for index, (description, service_line, method, amount) in enumerate(OXFORDSHIRE_LINES):
        page.get_by_role("link", name="Add a line").click()
        if index == 0:
            check_a11y(page)
        page.get_by_label("Line", exact=True).fill(description)
        page.get_by_label("Service line").select_option(label=service_line)
        if method:
            page.get_by_label("Delivery method").select_option(label=method)
        if isinstance(amount, str):  # a line of a group shares the group's amount
            group_amount = OXFORDSHIRE_GROUPS[amount]
            page.get_by_label("Group").select_option(label=f"{amount} (£{group_amount:,.2f})")
        else:
            page.get_by_label("Amount (£)").fill(f"{amount}")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_test_id("lines")).to_contain_text(description)

    expect(page.get_by_test_id("allocated")).to_have_text("£6,303,000.00")
    expect(page.get_by_test_id("unallocated")).to_have_text("£0.00")
    expect(page.get_by_test_id("funded")).to_have_text("£6,303,000.00")
    check_a11y(page)

    page.get_by_role("link", name="Approve").click()
    check_a11y(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("budget-status")).to_contain_text("Approved")
    check_a11y(page)

    # Spend on the approved budget: recorded from "Record spend" on its page, it shows as spent, in the
    # forecast outturn and, beyond the line's allocation, as over allocation.
    first_description, _, _, first_amount = next(line for line in OXFORDSHIRE_LINES if not isinstance(line[3], str))
    page.get_by_role("link", name="Record spend").click()
    check_a11y(page)
    page.get_by_label("Line", exact=True).select_option(label=first_description)
    page.get_by_label("Month").select_option(label="June 2010")
    page.get_by_label("Spent (£)").fill("1000.00")
    page.get_by_role("button", name="Record spend").click()
    expect(page.get_by_text("was recorded")).to_be_visible()
    expect(page.get_by_test_id("spent")).to_contain_text("£1,000.00")
    expect(page.get_by_test_id("outturn")).to_contain_text("£1,000.00")
    expect(page.get_by_test_id("spend")).to_contain_text("June 2010")
    page.get_by_role("link", name="Record spend").click()
    page.get_by_label("Line", exact=True).select_option(label=first_description)
    page.get_by_label("Month").select_option(label="July 2010")
    page.get_by_label("Spent (£)").fill(f"{first_amount}")
    page.get_by_role("button", name="Record spend").click()
    expect(page.get_by_test_id("lines").get_by_test_id("over")).to_have_count(1)
    check_a11y(page)
