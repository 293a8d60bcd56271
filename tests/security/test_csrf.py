"""CSRF: every POST form in the product refuses a post without the token (403).

The URL conf is walked as a council's administrator (who sees the council's forms), as the
deployment administrator (who alone adds councils and organisations) and as an anonymous visitor
(the sign-in form); each page's <form method="post"> is posted back without its token.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from tests.access import EXTERNAL_NAMESPACES, PARAMETERISED_ELSEWHERE, POST_ONLY
from tests.test_access_matrix import _kwargs_for, named_urls

pytestmark = pytest.mark.django_db


class FormFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag in ("input", "textarea", "select") and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def post_forms(client: Client, url: str) -> list[tuple[str, dict]]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
        return []
    finder = FormFinder()
    finder.feed(response.content.decode())
    return [(form["action"] or url, form["fields"]) for form in finder.forms]


@pytest.fixture
def samples(db):
    from tests.access import sample_factories

    return {word: factory() for word, factory in sample_factories().items()}


def test_every_post_form_needs_the_csrf_token(personas, samples):
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(personas[Role.ADMINISTRATOR])
    deployment_admin = Client(enforce_csrf_checks=True)
    deployment_admin.force_login(personas[Role.DEPLOYMENT_ADMINISTRATOR])
    anonymous = Client(enforce_csrf_checks=True)
    checked: dict[str, int] = {}
    for name, pattern in named_urls().items():
        if (
            name.startswith(EXTERNAL_NAMESPACES)
            or name.startswith("api:")
            or name in POST_ONLY
            or name in PARAMETERISED_ELSEWHERE
        ):
            continue
        url = reverse(name, kwargs=_kwargs_for(name, pattern, samples))
        for client in (admin, deployment_admin, anonymous):
            for action, fields in post_forms(client, url):
                assert "csrfmiddlewaretoken" in fields, f"{url}: a POST form without {{% csrf_token %}}"
                fields.pop("csrfmiddlewaretoken")
                response = client.post(action, fields)
                assert response.status_code == 403, (url, action, response.status_code)
                assert b"CSRF" in response.content or response.status_code == 403
                checked[action] = response.status_code
    # The forms that exist today must all have been found: sign-in, sign-out, the record forms.
    for expected in [
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:organisation_create"),
        reverse("accounts:area_create"),
        reverse("accounts:user_create"),
        reverse("accounts:token_rotate"),
    ]:
        assert expected in checked, f"no form posting to {expected} was found: {sorted(checked)}"


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_actions_need_the_csrf_token(personas, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas[Role.ADMINISTRATOR])
    assert client.post(reverse(name)).status_code == 403


def test_the_same_form_with_its_token_is_accepted(personas):
    """The control: posting the token back works, so the 403s above are CSRF and nothing else."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas[Role.ADMINISTRATOR])
    page = client.get(reverse("accounts:account")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("accounts:token_rotate"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_api_with_a_session_needs_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas[Role.ADMINISTRATOR])
    response = client.post(
        reverse("api:organisation-list"), {"name": "Forged", "kind": "council"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
