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
    from tests.brokerage import factories as f

    broker = demo_users["broker"]
    council = broker.organisation
    old = f.FrameworkFactory(organisation=council, name="Home support framework 2019")
    new = f.FrameworkFactory(organisation=council, name="Specialist open framework 2026")
    kept = f.ProviderFactory(name="Danum Community Care")
    packages = [
        f.CarePackageFactory(framework=old, provider=kept, personal_budget__carer__organisation=council)
        for _ in range(2)
    ]
    application = f.ApplicationFactory(window=f.WindowFactory(framework=new), provider=kept)
    application.status = "admitted"
    application.save()

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
    start = packages[0].start_on
    page.get_by_label("Transfer date").fill((start - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_label("Package references").fill(", ".join(str(p.pk) for p in packages))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be before")
    check_a11y(page)
    page.get_by_label("Transfer date").fill((start + timedelta(days=40)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The transfer plan was made")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name=f"Record the transfer of package {packages[0].pk}").click()
    check_a11y(page)
    expect(page.get_by_test_id("transfer")).to_contain_text("Danum Community Care")
    page.get_by_label("Transferred with the person's provider").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The transfer was recorded.")).to_be_visible()
    check_a11y(page)
    expect(page.get_by_role("table")).to_contain_text("Transferred")
    page.get_by_role("link", name=f"Package {packages[0].pk}").click()
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
