"""Journeys through the foundation's pages, as people would make them with mouse and keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_deployment_administrator_creates_and_edits_an_organisation(page, login, demo_users, check_a11y):
    # Organisations (councils among them) are the deployment administrator's, a role no demo user has.
    from accounts.choices import Role
    from tests.accounts.factories import UserFactory

    deployment_admin = UserFactory(
        username="deployment",
        first_name="Ade",
        last_name="Walker",
        organisation=None,
        roles=[Role.DEPLOYMENT_ADMINISTRATOR],
    )
    login(page, deployment_admin, password="correct-horse-battery-staple")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration").click()
    check_a11y(page)
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Organisations").click()
    check_a11y(page)
    page.get_by_role("link", name="Add an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    check_a11y(page)

    # Submitting empty gives the error summary, linked to the field, and saves nothing.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_a11y(page)

    # The keyboard: type the name, tab on to the next field.
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type("Banbury Carers Hub")
    page.keyboard.press("Tab")
    page.get_by_label("Kind", exact=True).select_option(label="Voluntary organisation")
    page.get_by_label("Phone", exact=True).fill("01295 000000")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Banbury Carers Hub")
    expect(page.get_by_text("Banbury Carers Hub was created.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Edit").click()
    check_a11y(page)
    page.get_by_label("Phone", exact=True).fill("01295 123456")
    page.get_by_label("Phone", exact=True).press("Enter")  # submitting with the keyboard

    expect(page.get_by_text("Banbury Carers Hub was updated.")).to_be_visible()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("01295 000000 → 01295 123456")
    expect(history).to_contain_text("Ade Walker")
    check_a11y(page)


# Links each demo role must and must not see in the main navigation.
NAVIGATION = {
    "csc": ({"Home", "Carers"}, {"Budgets", "Administration", "Contracts", "Carer KPIs"}),
    "finance": ({"Home", "Carer KPIs"}, {"Carers", "Administration"}),
    "commissioner": ({"Home", "Carer KPIs"}, {"Administration", "Carers"}),
    # Brokerage officers see the carers on their packages (none until brokerage exists).
    "broker": ({"Home", "Carers"}, {"Budgets", "Administration", "Carer KPIs"}),
    "admin": ({"Home", "Administration"}, {"Budgets", "Contracts"}),
}


@pytest.mark.parametrize("username", list(NAVIGATION))
def test_each_role_signs_in_to_its_home_page(page, login, demo_users, check_a11y, username):
    user = demo_users[username]
    login(page, user)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.first_name}")
    expect(page.get_by_test_id("user-bar")).to_contain_text(str(user))
    menu = page.get_by_role("navigation", name="Menu")
    links = set(menu.get_by_role("link").all_inner_texts())
    shown, hidden = NAVIGATION[username]
    assert shown <= links, links
    assert not (hidden & links), links

    page.get_by_role("link", name="Your account").click()
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_a11y(page)


def test_every_page_passes_the_accessibility_check(page, login, demo_users, check_a11y):
    """An administrator (who may open every page) visits each page in the URL conf."""
    from django.urls import reverse

    from accounts.choices import Role
    from tests.access import ACCESS, DOWNLOADS, sample_factories
    from tests.test_access_matrix import _kwargs_for, named_urls

    samples = {word: factory() for word, factory in sample_factories().items()}
    login(page, demo_users["admin"])
    visited = []
    for name, pattern in named_urls().items():
        # Every page an administrator may open (the API and file downloads are not pages).
        if name.startswith("api:") or name in DOWNLOADS or Role.ADMINISTRATOR not in ACCESS.get(name, ()):
            continue
        url = reverse(name, kwargs=_kwargs_for(name, pattern, samples))
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        check_a11y(page)
        visited.append(name)
    assert len(visited) >= 15, visited
