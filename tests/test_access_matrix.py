"""Every page and API endpoint, for every role and for an anonymous visitor: allowed where the
role rules allow, refused everywhere else. The URL conf is walked, so nothing can be missed."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import Role
from tests.access import ACCESS, EXTERNAL_NAMESPACES, PARAMETERISED_ELSEWHERE, POST_ONLY, PUBLIC, sample_factories


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def named_urls() -> dict[str, URLPattern]:
    found = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        # DRF's format-suffix twins (…\.json) share the name; keep the plain route.
        if "format" in str(pattern.pattern.regex.pattern):
            continue
        found.setdefault(name, pattern)
    return found


def _kwargs_for(name: str, pattern: URLPattern, samples: dict) -> dict:
    groups = pattern.pattern.regex.groupindex
    if not groups:
        return {}
    word = re.split(r"[:]", name)[-1]
    word = re.sub(r"[-_](detail|update|delete|edit)$", "", word)
    word = word.split("_")[0].split("-")[0]
    obj = samples[word]
    return dict.fromkeys(groups, obj.pk)


@pytest.fixture
def samples(db):
    return {word: factory() for word, factory in sample_factories().items()}


def test_every_named_url_is_in_the_matrix():
    missing = [
        name
        for name in named_urls()
        if name not in ACCESS
        and name not in PUBLIC
        and name not in POST_ONLY
        and name not in PARAMETERISED_ELSEWHERE
        and not name.startswith(EXTERNAL_NAMESPACES)
    ]
    assert missing == [], f"Add these URLs to tests/access.py with the roles allowed: {missing}"


def test_no_stale_entries_in_the_matrix():
    names = set(named_urls())
    assert set(ACCESS) - names == set()


@pytest.mark.django_db
def test_anonymous_visitors_are_refused_everywhere_but_public_pages(client, samples):
    for name, pattern in named_urls().items():
        if name in PUBLIC or name in PARAMETERISED_ELSEWHERE:
            continue
        if name.startswith(EXTERNAL_NAMESPACES) and pattern.pattern.regex.groups:
            continue  # Django admin's per-object URLs sit behind the same admin_view check
        url = reverse(name, kwargs=_kwargs_for(name, pattern, samples))
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, (name, response.status_code)
        else:
            assert response.status_code == 302, (name, response.status_code)
            assert "login" in response["Location"], (name, response["Location"])


@pytest.mark.django_db
def test_public_pages_open_to_anonymous_visitors(client):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.post(reverse("api:token_obtain"), {}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
def test_role_matrix(role, personas, samples, client):
    client.force_login(personas[role])
    checked = 0
    for name, pattern in named_urls().items():
        if name not in ACCESS:
            continue
        url = reverse(name, kwargs=_kwargs_for(name, pattern, samples))
        response = client.get(url)
        if role in ACCESS[name]:
            assert response.status_code in (200, 302), (name, url, response.status_code)
            if response.status_code == 302:
                assert "login" not in response["Location"], (name, response["Location"])
        else:
            assert response.status_code == 403, (name, url, response.status_code)
        checked += 1
    assert checked == len(ACCESS)


@pytest.mark.django_db
def test_post_only_urls_refuse_get(client, personas):
    client.force_login(personas[Role.ADMINISTRATOR])
    for name in POST_ONLY:
        assert client.get(reverse(name)).status_code == 405, name
