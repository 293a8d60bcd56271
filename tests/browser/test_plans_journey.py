"""A commissioner goes from the contracts register to a contract with no extension option left,
plans its re-procurement from the council's standard open-procedure template, sees every stage
scheduled back from the day after the contract runs out, and finds the new procurement flagged
late on the pipeline board (the contract runs out in two months; the template needs 36 weeks)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_commissioner_plans_the_reprocurement_of_a_contract_with_no_option_left(page, login, demo_users, check_a11y):
    from django.utils import timezone

    from accounts.models import Organisation
    from commissioning.procurement_demo import OXFORDSHIRE, _plan_templates
    from tests.commissioning.factories import ContractFactory, ProviderFactory

    _plan_templates(OXFORDSHIRE)  # the demo's standard templates
    today = timezone.localdate()
    ends = today + timedelta(days=60)
    ContractFactory(
        reference="OCC-SIT-2024",
        title="Sitting service for carers",
        accountable_body=Organisation.objects.get(name=OXFORDSHIRE),
        provider=ProviderFactory(name="Oxfordshire Sitting Service"),
        extension_options="",
        start_date=today - timedelta(days=700),
        initial_end_date=ends,
    )
    login(page, demo_users["commissioner"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contracts register")
    check_a11y(page)

    page.get_by_role("link", name="OCC-SIT-2024", exact=True).click()
    expect(page.get_by_test_id("options-left")).to_have_text("0 left")
    check_a11y(page)
    page.get_by_role("link", name="Plan the re-procurement").click()
    must_start = ends + timedelta(days=1)
    expect(page.get_by_role("main")).to_contain_text(f"must start on {must_start:%-d %B %Y}")
    check_a11y(page)
    page.get_by_label("Open procedure (standard)").check()
    page.get_by_role("button", name="Plan the re-procurement").click()

    expect(page.get_by_text("The re-procurement was planned: OCC-SIT-2024-RP.")).to_be_visible()
    expect(page.get_by_test_id("plan-summary")).to_contain_text(f"{must_start:%-d %B %Y}")
    stages = page.get_by_test_id("plan-stages")
    for stage in ("Market engagement", "Invitation to tender", "Evaluation", "Standstill", "Mobilisation", "Live"):
        expect(stages).to_contain_text(stage)
    expect(stages).to_contain_text(f"{ends:%-d %b %Y}")  # mobilisation ends the day the contract runs out
    expect(page.get_by_test_id("plan-late")).to_be_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procurements").click()
    board = page.get_by_test_id("pipeline-board")
    row = board.get_by_role("row").filter(has_text="OCC-SIT-2024-RP")
    expect(row).to_contain_text("Late")
    check_a11y(page)
    page.get_by_role("link", name="show only the late ones").click()
    expect(page.get_by_test_id("pipeline-board")).to_contain_text("OCC-SIT-2024-RP: Re-procurement: Sitting service")
    check_a11y(page)
