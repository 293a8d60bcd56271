"""The customer service centre officer's journey, with the mouse and keyboard: find a carer by a
misspelt name, open them, log a phone contact with a referral, see it on the timeline; register a
new carer and be warned of a possible duplicate."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation
from carers.models import Carer, Contact, Referral
from tests.carers.factories import CarerFactory, ContactReasonFactory

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def john_smith(demo_users):
    ContactReasonFactory(name="Information and advice")
    council = Organisation.objects.get(name="Oxfordshire County Council")
    CarerFactory(first_name="Mary", last_name="Jones", organisation=council)
    return CarerFactory(
        first_name="John",
        last_name="Smith",
        date_of_birth=datetime.date(1958, 4, 2),
        postcode="OX16 5AA",
        organisation=council,
    )


def test_csc_officer_finds_a_carer_logs_a_contact_and_is_warned_of_a_duplicate(
    page, login, demo_users, john_smith, check_a11y
):
    login(page, demo_users["csc"])

    # Find John Smith by a misspelt name, as the caller spells it, in the header search box.
    search = page.get_by_role("searchbox", name="Find a carer by name, postcode, phone or date of birth")
    search.click()
    page.keyboard.type("Jon Smyth", delay=30)
    results = page.get_by_test_id("search-results")
    results.get_by_role("link", name="John Smith").wait_for()
    check_a11y(page)
    results.get_by_role("link", name="John Smith").click()
    page.wait_for_url(f"**/carers/{john_smith.pk}/")
    check_a11y(page)

    # Log a phone contact with a referral for a carers assessment.
    page.get_by_test_id("log-contact").click()
    check_a11y(page)
    page.get_by_label("Channel", exact=True).select_option(label="Phone")
    page.get_by_label("Reason", exact=True).select_option(label="Information and advice")
    page.get_by_label("Information and advice given").fill("Explained carers assessments and the emergency card.")
    page.get_by_label("Outcome", exact=True).select_option(label="Referred on")
    page.get_by_label("Carers assessment", exact=True).check()
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url(f"**/carers/{john_smith.pk}/")
    check_a11y(page)
    timeline = page.locator(".moj-timeline")
    assert "Explained carers assessments" in timeline.inner_text()
    assert "Carers assessment" in page.content()
    assert Contact.objects.filter(carer=john_smith).count() == 1
    assert Referral.objects.get(carer=john_smith).kind == "carers_assessment"

    # Register someone with the same name and date of birth: the duplicate warning appears.
    page.goto("/carers/new/")
    check_a11y(page)
    page.get_by_label("First name", exact=True).fill("John")
    page.get_by_label("Last name", exact=True).fill("Smith")
    page.get_by_label("Date of birth", exact=True).fill("1958-04-02")
    page.get_by_label("Postcode", exact=True).fill("OX16 5AB")
    page.get_by_label("20 to 49 hours a week").check()
    page.get_by_label("How we came to know them", exact=True).select_option(index=1)
    page.get_by_role("button", name="Save").click()
    warning = page.get_by_test_id("possible-duplicates")
    warning.wait_for()
    check_a11y(page)
    assert "already registered" in warning.inner_text()
    assert (
        page.locator("main").get_by_role("link", name="John Smith", exact=True).get_attribute("href")
        == f"/carers/{john_smith.pk}/"
    )
    assert Carer.objects.filter(first_name="John", last_name="Smith").count() == 1


def test_csc_officer_finds_a_misspelt_surname_from_the_header_and_sees_why(page, login, demo_users, check_a11y):
    """A caller says "it's Mrs Thompson, I rang last week"; the officer types the surname as they
    heard it into the header search box and sees her first, with why she matched."""
    council = Organisation.objects.get(name="Oxfordshire County Council")
    older = CarerFactory(first_name="Margaret", last_name="Thompson", organisation=council)
    recent = CarerFactory(first_name="Mary", last_name="Thompson", organisation=council)
    Carer.objects.filter(pk=recent.pk).update(last_contact_at=timezone.now() - datetime.timedelta(days=6))
    Carer.objects.filter(pk=older.pk).update(last_contact_at=timezone.now() - datetime.timedelta(days=300))
    login(page, demo_users["csc"])
    search = page.get_by_role("searchbox", name="Find a carer by name, postcode, phone or date of birth")
    search.click()
    page.keyboard.type("Tohmpson", delay=30)
    results = page.locator("#header-search-results").get_by_test_id("search-results")
    results.get_by_role("link", name="Mary Thompson").wait_for()
    rows = results.locator("tbody tr")
    assert "Mary Thompson" in rows.nth(0).inner_text()  # she rang last week: first among equals
    assert "surname sounds like" in rows.nth(0).get_by_test_id("match-reason").inner_text()
    assert "Margaret Thompson" in rows.nth(1).inner_text()
    check_a11y(page)
    results.get_by_role("link", name="Mary Thompson").click()
    page.wait_for_url(f"**/carers/{recent.pk}/")
    check_a11y(page)
