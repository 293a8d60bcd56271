"""Content-Security-Policy: present on every page, no inline or eval'd script, nonces that match."""

import re

import pytest
from django.urls import reverse

from accounts.choices import Role

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize("url_name", ["accounts:login", "home", "accounts:organisation_list", "api:docs"])
def test_content_security_policy_forbids_inline_script(client, client_for, url_name):
    if url_name != "accounts:login":
        client = client_for(Role.ADMINISTRATOR)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Every inline <script> carries this response's nonce; nothing else would run.
    nonces = [word[len("'nonce-") : -1] for word in script if word.startswith("'nonce-")]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" not in tag:
            assert nonces and f'nonce="{nonces[0]}"' in tag, tag


def test_nonce_changes_on_every_response(client):
    first = client.get(reverse("accounts:login")).headers["Content-Security-Policy"]
    second = client.get(reverse("accounts:login")).headers["Content-Security-Policy"]
    assert first != second


def test_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
