"""Every API route with every format suffix (`.json`, `.csv`, `.api`) for every role: an answer
may be a refusal or "not acceptable", never a server error (`/api/users/me.json` once answered
500 because the action did not take the `format` keyword the suffix route passes)."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from accounts.choices import Role
from tests.access import POST_ONLY, sample_factories
from tests.test_access_matrix import _walk

FORMATS = ("json", "csv", "api")


def suffix_routes() -> list[tuple[str, URLPattern]]:
    """(name, pattern) of every API route that takes a format suffix."""
    return [
        (name, pattern)
        for name, pattern in _walk(get_resolver().url_patterns)
        if name.startswith("api:") and "format" in pattern.pattern.regex.groupindex
    ]


def _url(name: str, pattern: URLPattern, samples: dict, suffix: str) -> str:
    kwargs = {"format": suffix}
    groups = [group for group in pattern.pattern.regex.groupindex if group != "format"]
    if groups:
        word = re.sub(r"-(detail|[a-z]+)$", "", name.split(":", 1)[1])
        kwargs.update(dict.fromkeys(groups, samples[word].pk))
    return reverse(name, kwargs=kwargs)


def test_the_api_has_format_suffix_routes():
    names = {name for name, _ in suffix_routes()}
    assert {"api:user-me", "api:user-list", "api:carer-detail", "api:grant-decide"} <= names, names


@pytest.mark.django_db
# Anonymous visitors and administrators (who reach every view's code): each role's refusals are
# the access matrix's subject.
@pytest.mark.parametrize("role", [None, Role.ADMINISTRATOR], ids=["anonymous", "administrator"])
def test_no_route_answers_500_with_any_format_suffix(personas, role):
    samples = {word: factory() for word, factory in sample_factories().items()}
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(personas[role])
    server_errors = []
    for name, pattern in suffix_routes():
        if name.split(":", 1)[1].replace("-", "_") in {n.split(":", 1)[1] for n in POST_ONLY}:
            continue
        for suffix in FORMATS:
            url = _url(name, pattern, samples, suffix)
            status = client.get(url).status_code
            if status >= 500:
                server_errors.append((url, status))
    assert server_errors == []


@pytest.mark.django_db
def test_me_answers_in_each_format(client_for):
    client = client_for(Role.CSC_OFFICER)
    assert client.get("/api/users/me.json").json()["username"] == "p_csc"
    csv = client.get("/api/users/me.csv")
    assert csv.status_code == 200
    assert "p_csc" in csv.content.decode()
    assert client.get("/api/users/me.api").status_code == 200
