"""A signed-in session works in every server process, not only the one that signed it in.

Without Redis each gunicorn worker's cache is its own memory. With sessions read through that
cache, a worker that had cached a session before its two-factor verification kept serving it
unverified (302 to the two-factor page, 403 on the API) and wrote it back over the verified one:
`make bench` without REDIS_URL lost its administrator this way. Two processes are simulated here
by two local-memory caches (the cache handler is rebuilt when CACHES changes), with the session
and identity settings the product uses when it has no shared cache.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-2026"  # noqa: S105


def _in_process(settings, name: str) -> None:
    """From now on requests are served as by process `name` (its own local-memory cache)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"process-{name}",
            "KEY_FUNCTION": "common.cache.database_scoped_key",
        }
    }


@pytest.fixture
def two_processes(settings):
    """The embedded default's session and identity settings (as config/settings.py sets them
    without REDIS_URL), two-factor required, and `switch(name)` to change process."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.IDENTITY_CACHE = False
    settings.OTP_REQUIRED = True
    for name in ("a", "b"):
        _in_process(settings, name)
        from django.core.cache import cache

        cache.clear()
    return lambda name: _in_process(settings, name)


def _administrator_with_app():
    user = UserFactory(username="two_factor_admin", roles=[Role.ADMINISTRATOR])
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


def test_a_session_verified_in_one_process_is_verified_in_the_others(two_processes):
    user, device = _administrator_with_app()
    client = Client()
    two_processes("a")
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    two_processes("b")  # process b reads the session before it is verified
    assert "/two-factor/verify/" in client.get("/").headers["Location"]
    assert client.get("/api/users/").status_code == 403
    two_processes("a")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302
    for name in ("b", "a", "b"):
        two_processes(name)
        assert client.get("/").status_code == 200, name
        assert client.get("/api/users/").status_code == 200, name
        assert client.get("/accounts/users/").status_code == 200, name


def test_a_user_deactivated_in_one_process_is_signed_out_in_the_others(two_processes):
    user = UserFactory(username="csc_two_processes", roles=[Role.CSC_OFFICER])
    client = Client()
    client.force_login(user)
    two_processes("b")
    assert client.get("/").status_code == 200  # process b has seen the user signed in
    two_processes("a")
    user.is_active = False
    user.save()
    two_processes("b")
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


@pytest.mark.parametrize(
    ("redis_url", "engine", "identity_cache"),
    [
        (None, "django.contrib.sessions.backends.db", False),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db", True),
    ],
)
def test_sessions_go_through_the_cache_only_when_every_process_shares_it(redis_url, engine, identity_cache):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.IDENTITY_CACHE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [engine, str(identity_cache)]
