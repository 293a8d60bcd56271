"""The brokerage officer's journey: from the home page through the menu to a call-off's bid
comparison, the social worker's check, and the person's choice that makes the care package."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_brokerage_officer_checks_bids_and_records_the_choice(page, login, demo_users, check_a11y):
    from tests.brokerage import factories as f

    calloff = f.CallOffFactory(title="Evening support for a young man")
    f.BidFactory(calloff=calloff, provider=f.ProviderFactory(name="Danum Community Care"), quality_score=Decimal("80"))
    f.BidFactory(calloff=calloff, provider=f.ProviderFactory(name="Riverside Enablement"), weekly_price=Decimal("210"))

    login(page, demo_users["broker"])
    expect(page.get_by_text("Bids to check")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Brokerage").click()
    check_a11y(page)
    page.get_by_role("link", name="Evening support for a young man").click()
    check_a11y(page)
    expect(page.get_by_test_id("bids")).to_contain_text("Danum Community Care")

    page.get_by_role("link", name="Score and check the bid of Danum Community Care").click()
    check_a11y(page)
    page.get_by_label("Does the bid meet the person's needs? (the social worker's check)").select_option("true")
    page.get_by_role("button", name="Save").click()
    check_a11y(page)
    expect(page.get_by_test_id("bids")).to_contain_text("Suitable")

    page.get_by_role("link", name="Record the person's choice").click()
    check_a11y(page)
    page.get_by_label("Danum Community Care", exact=False).check()
    page.get_by_label("Package starts on").fill("01/12/2026")
    page.get_by_label("Review date").fill("01/11/2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be before the package starts")
    check_a11y(page)
    page.get_by_label("Review date").fill("12/01/2027")
    page.get_by_role("button", name="Save").click()
    check_a11y(page)
    expect(page.get_by_text("The choice was recorded and the care package created.")).to_be_visible()
    # The choice leads to the new care package's page.
    expect(page.get_by_test_id("weekly-cost")).to_contain_text("£190.00")


def test_brokerage_officer_plans_a_transfer_from_the_old_framework_and_records_it(page, login, demo_users, check_a11y):
    """Plan in bulk (one provider's packages of the old framework), then from the home page's
    "Transfers due": reschedule one (a reason needed), cancel one, mark one transferred."""
    from tests.brokerage import factories as f

    broker = demo_users["broker"]
    council = broker.organisation
    old = f.FrameworkFactory(organisation=council, name="Home support framework 2019")
    new = f.FrameworkFactory(organisation=council, name="Specialist open framework 2026")
    kept = f.ProviderFactory(name="Danum Community Care")
    packages = [
        f.CarePackageFactory(framework=old, provider=kept, personal_budget__carer__organisation=council)
        for _ in range(3)
    ]
    # Another provider's package of the old framework: not in this plan.
    other = f.CarePackageFactory(
        framework=old,
        provider=f.ProviderFactory(name="Riverside Enablement"),
        personal_budget__carer__organisation=council,
    )
    application = f.ApplicationFactory(window=f.WindowFactory(framework=new), provider=kept)
    application.status = "admitted"
    application.save()
    moved, rescheduled, cancelled = packages

    login(page, broker)
    expect(page.get_by_text("Transfers due")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Brokerage").click()
    check_a11y(page)
    page.get_by_role("navigation", name="Brokerage sections").get_by_role("link", name="Transfers").click()
    check_a11y(page)
    page.get_by_role("link", name="Plan a transfer").click()
    check_a11y(page)
    page.get_by_label("Name of the plan").fill("Move to the 2026 open framework")
    page.get_by_label("New framework").select_option(label="Specialist open framework 2026")
    page.get_by_label("Old framework").select_option(label="Home support framework 2019")
    page.get_by_label("Provider", exact=True).select_option(label="Danum Community Care")
    start = moved.start_on
    page.get_by_label("Transfer date").fill((start - timedelta(days=1)).strftime("%d/%m/%Y"))
    # No references: every fitting package of the old framework and provider.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be before")
    check_a11y(page)
    page.get_by_label("Transfer date").fill((start + timedelta(days=70)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("3 packages planned to move")).to_be_visible()
    check_a11y(page)
    expect(page.get_by_role("table")).not_to_contain_text(f"Package {other.pk}")

    # From the home page: the transfers due within four weeks.
    page.get_by_role("link", name="Carers Commissioning").first.click()
    check_a11y(page)
    page.get_by_role("link", name="Transfers due").click()
    check_a11y(page)
    for package in packages:
        expect(page.get_by_role("table")).to_contain_text(f"Package {package.pk}")

    page.get_by_role("link", name=f"Reschedule the transfer of package {rescheduled.pk}").click()
    check_a11y(page)
    page.get_by_label("New transfer date").fill((start + timedelta(days=120)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the transfer date changes")
    check_a11y(page)
    page.get_by_label("Why the date changes").fill("The carer asked to wait until after the school holidays")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"The transfer of package {rescheduled.pk} was moved to")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name=f"Cancel the transfer of package {cancelled.pk}").click()
    check_a11y(page)
    page.get_by_label("Why the transfer is cancelled").fill("The person is moving to a care home")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"The transfer of package {cancelled.pk} was cancelled.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name=f"Record the transfer of package {moved.pk}").click()
    check_a11y(page)
    expect(page.get_by_test_id("transfer")).to_contain_text("Danum Community Care")
    page.get_by_label("Transferred with the person's provider").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The transfer was recorded.")).to_be_visible()
    check_a11y(page)
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text=f"Package {moved.pk}")).to_contain_text("Transferred")
    expect(table.get_by_role("row").filter(has_text=f"Package {cancelled.pk}")).to_contain_text("Cancelled")
    expect(table.get_by_role("row").filter(has_text=f"Package {rescheduled.pk}")).to_contain_text("Planned")

    # Filtered to the cancelled rows, then the rescheduled transfer's page keeps its history.
    page.get_by_label("Status", exact=True).select_option(label="Cancelled")
    page.get_by_role("button", name="Apply filters").click()
    check_a11y(page)
    expect(page.get_by_role("table")).to_contain_text(f"Package {cancelled.pk}")
    expect(page.get_by_role("table")).not_to_contain_text(f"Package {moved.pk}")
    page.get_by_role("navigation", name="Brokerage sections").get_by_role("link", name="Transfers").click()
    transfer = rescheduled.transfers.get()
    page.get_by_role("link", name=str(transfer.pk), exact=True).click()
    check_a11y(page)
    expect(page.get_by_test_id("history")).to_contain_text("The carer asked to wait until after the school holidays")
    expect(page.get_by_test_id("history")).to_contain_text("Rescheduled from")

    # Back to the plan's rows from the transfer's page.
    page.get_by_role("link", name="Move to the 2026 open framework").click()
    check_a11y(page)
    page.get_by_role("link", name=f"Package {moved.pk}", exact=True).click()
    check_a11y(page)
    # The package is on the new framework, with the same provider; its history says why.
    expect(page.get_by_role("definition").filter(has_text="Specialist open framework 2026")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Danum Community Care")).to_be_visible()


def test_brokerage_officer_enters_a_return_and_sees_it_flagged_on_the_providers_monitoring_page(
    page, login, demo_users, check_a11y
):
    from tests.brokerage import factories as f

    broker = demo_users["broker"]
    package = f.CarePackageFactory(
        provider=f.ProviderFactory(name="Riverside Enablement"),
        personal_budget__carer__organisation=broker.organisation,
    )
    login(page, broker)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Brokerage").click()
    check_a11y(page)
    page.get_by_role("navigation", name="Brokerage sections").get_by_role("link", name="Care packages").click()
    check_a11y(page)
    page.get_by_role("link", name=str(package.pk), exact=True).click()
    check_a11y(page)
    page.get_by_role("link", name="Enter a provider return").click()
    check_a11y(page)
    page.get_by_label("Period from").fill(package.start_on.strftime("%d/%m/%Y"))
    page.get_by_label("Period to").fill((package.start_on + timedelta(days=27)).strftime("%d/%m/%Y"))
    page.get_by_label("Hours delivered in the period").fill("31")
    page.get_by_label("Actual cost of the period").fill("480.00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The return was entered.")).to_be_visible()
    check_a11y(page)
    expect(page.get_by_test_id("returns-totals")).to_contain_text("Hours planned 40, delivered 31")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Brokerage").click()
    page.get_by_role("navigation", name="Brokerage sections").get_by_role("link", name="Monitoring").click()
    check_a11y(page)
    page.get_by_role("link", name="Riverside Enablement").click()
    check_a11y(page)
    expect(page.get_by_test_id("provider-returns")).to_contain_text("Under")
