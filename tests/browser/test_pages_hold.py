"""Pages hold their shape and their policy: a 100-character word does not widen the page, and
the API documentation runs under the Content Security Policy without a violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import csp_errors

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LONG_NAME = "W" * 100


def test_a_100_character_name_wraps_instead_of_widening_the_page(page, login, demo_users, check_a11y):
    from tests.carers.factories import CarerFactory

    csc = demo_users["csc"]
    carer = CarerFactory(first_name=LONG_NAME, last_name=LONG_NAME, organisation=csc.organisation)
    page.set_viewport_size({"width": 1024, "height": 800})
    login(page, csc)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Carers").click()
    check_a11y(page)
    page.get_by_role("link", name=re.compile(LONG_NAME)).first.click()
    check_a11y(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONG_NAME)
    for url in (page.url, f"/carers/{carer.pk}/edit/"):
        if url != page.url:
            page.goto(url)
            check_a11y(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 1024, (url, width)


def test_the_api_documentation_keeps_the_content_security_policy(page, login, demo_users):
    login(page, demo_users["commissioner"])
    page.get_by_role("link", name="API documentation").click()
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)
    page.checked.add(page.url.split("#", 1)[0])  # Swagger UI's own page: its markup is not ours to fix
    assert csp_errors(page) == []
