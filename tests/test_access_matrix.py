"""Every page and API endpoint, for every role and for an anonymous visitor: allowed where the
role rules allow, refused everywhere else. The URL conf is walked, so nothing can be missed."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import Role
from tests.access import (
    ACCESS,
    DEPLOYMENT_WIDE,
    EXTERNAL_NAMESPACES,
    PARAMETERISED_ELSEWHERE,
    POST_ONLY,
    PUBLIC,
    SCOPED_AWAY,
    SHARED_ACROSS_COUNCILS,
    outside_factories,
    sample_factories,
)


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


def _word(name: str) -> str:
    """The model word of a URL name: carers:carer_update → carer, api:kpitarget-detail → kpitarget."""
    word = re.split(r"[:]", name)[-1]
    word = re.sub(r"[-_](detail|update|delete|edit)$", "", word)
    return word.split("_")[0].split("-")[0]


def _kwargs_for(name: str, pattern: URLPattern, samples: dict) -> dict:
    groups = pattern.pattern.regex.groupindex
    if not groups:
        return {}
    obj = samples[_word(name)]
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
        elif role in SCOPED_AWAY.get(name, ()):
            assert response.status_code == 404, (name, url, response.status_code)
        else:
            assert response.status_code == 403, (name, url, response.status_code)
        checked += 1
    assert checked == len(ACCESS)


@pytest.mark.django_db
def test_post_only_urls_refuse_get(client, personas):
    client.force_login(personas[Role.ADMINISTRATOR])
    for name in POST_ONLY:
        assert client.get(reverse(name)).status_code == 405, name


def _scoped_record_urls() -> dict[str, URLPattern]:
    """The matrix's URLs with a record's id in them that are not shared across councils."""
    return {
        name: pattern
        for name, pattern in named_urls().items()
        if name in ACCESS and pattern.pattern.regex.groupindex and name not in SHARED_ACROSS_COUNCILS
    }


def test_every_record_url_is_scoped_or_said_to_be_shared():
    words = set(outside_factories())
    undecided = sorted(name for name in _scoped_record_urls() if _word(name) not in words)
    assert undecided == [], (
        "Add a factory of another council's record to tests/access.py outside_factories(), or say in "
        f"SHARED_ACROSS_COUNCILS why every council sees it: {undecided}"
    )
    assert set(SHARED_ACROSS_COUNCILS) <= set(ACCESS)


# CSP nonces, and CSRF tokens (64 characters, masked afresh for each response).
_VARYING = re.compile(r'nonce="[A-Za-z0-9+/=_-]{16,}"|\b[A-Za-z0-9]{64}\b')


def _body(response, url: str) -> str:
    """The response body with what differs between any two requests (the URL itself, CSP nonces,
    CSRF tokens) taken out."""
    text = response.content.decode()
    return _VARYING.sub("", text.replace(url, "<url>"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role if role not in DEPLOYMENT_WIDE], ids=lambda r: r.name)
def test_out_of_scope_answers_as_missing(role, personas, samples, client):
    """Another council's record, on every detail page and endpoint the role may use, answers with
    the same status and body as an id that does not exist."""
    client.force_login(personas[role])
    outside = {word: factory() for word, factory in outside_factories().items()}
    checked = 0
    for name, pattern in _scoped_record_urls().items():
        if role not in ACCESS[name]:
            continue
        groups = pattern.pattern.regex.groupindex
        record = outside[_word(name)]
        outside_url = reverse(name, kwargs=dict.fromkeys(groups, record.pk))
        missing_url = reverse(name, kwargs=dict.fromkeys(groups, record.pk + 10_000_000))
        out, gone = client.get(outside_url), client.get(missing_url)
        assert out.status_code == gone.status_code == 404, (name, out.status_code, gone.status_code)
        assert _body(out, outside_url) == _body(gone, missing_url), name
        checked += 1
    assert checked or role in (Role.FINANCE_OFFICER, Role.BROKERAGE_OFFICER), role
