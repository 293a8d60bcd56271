"""Sign-in defences: failed-login lockout (django-axes) on the page and the API, TOTP two-factor
(required for administrators and finance officers), sessions that end after inactivity."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.caching import clear_this_databases_cache

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"  # tests.accounts.factories.UserFactory
# django-otp refuses every code for 1 s after a wrong one (doubling with each further failure),
# and a code once used, until the next 30-second step: tests move the clock on past both.
NEXT_STEP = timedelta(seconds=31)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # DRF's request throttles count in the cache (Redis when configured), across test runs.
    clear_this_databases_cache()
    yield
    clear_this_databases_cache()


# --- Lockout ------------------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_login_page(personas):
    user = personas[Role.CSC_OFFICER]
    client = Client()
    url = reverse("accounts:login")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {"username": user.username, "password": "wrong password"})
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert b"Enter a correct username and password" in response.content
        else:  # the fifth failure locks at once
            assert response.status_code == 429
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"tried to sign in too many times" in response.content
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(personas):
    user = personas[Role.CSC_OFFICER]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong password"})
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_five_wrong_passwords_lock_the_api_token_endpoint(personas):
    user = personas[Role.COMMISSIONER]
    client = APIClient()
    url = reverse("api:token_obtain")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {"username": user.username, "password": "wrong password"}, format="json")
        assert response.status_code == (400 if attempt < settings.AXES_FAILURE_LIMIT else 429)
    response = client.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "token" not in response.content.decode()


def test_failures_on_the_api_count_towards_the_login_page_lockout(personas):
    user = personas[Role.COMMISSIONER]
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(reverse("api:token_obtain"), {"username": user.username, "password": "nope"}, format="json")
    response = Client().post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429


# --- Two-factor -----------------------------------------------------------------------------------
@pytest.fixture
def traveller():
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def sign_in(user) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def set_up_two_factor(client: Client, user) -> TOTPDevice:
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in response.content.decode()
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_any_user_can_set_up_two_factor(personas, traveller):
    user = personas[Role.CSC_OFFICER]
    client = sign_in(user)
    # A wrong code is refused with a field error and nothing is confirmed.
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    traveller.shift(NEXT_STEP)
    set_up_two_factor(client, user)
    assert b'<strong class="govuk-tag govuk-tag--green">On</strong>' in client.get(reverse("accounts:account")).content


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.DEPLOYMENT_ADMINISTRATOR, Role.FINANCE_OFFICER], ids=lambda r: r.name
)
def test_administrators_and_finance_officers_are_held_until_verified(settings, personas, role, traveller):
    settings.OTP_REQUIRED = True
    user = personas[role]
    device = set_up_two_factor(sign_in(user), user)  # set up in an earlier session

    client = sign_in(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("accounts:organisation_list")).status_code == 302
    response = client.get(reverse("api:user-me"))
    assert response.status_code == 403
    assert "Two-factor" in response.json()["message"]

    response = client.post(reverse("accounts:two_factor_verify") + "?next=/accounts/organisations/", {"token": "123"})
    assert response.status_code == 200  # wrong code: still held
    assert client.get(reverse("home")).status_code == 302

    traveller.shift(NEXT_STEP)
    response = client.post(
        reverse("accounts:two_factor_verify") + "?next=/accounts/organisations/", {"token": current_code(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/organisations/"
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("api:user-me")).status_code == 200


def test_a_held_role_without_a_device_is_sent_to_set_one_up(settings, personas):
    settings.OTP_REQUIRED = True
    client = sign_in(personas[Role.ADMINISTRATOR])
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_setup")


@pytest.mark.parametrize("role", [Role.CSC_OFFICER, Role.COMMISSIONER, Role.BROKERAGE_OFFICER], ids=lambda r: r.name)
def test_other_roles_are_not_held(settings, personas, role):
    settings.OTP_REQUIRED = True
    client = sign_in(personas[role])
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("api:user-me")).status_code == 200


def test_api_tokens_for_held_roles_need_a_code(settings, personas, traveller):
    """Otherwise a token, obtained with the password alone, would get round the requirement."""
    settings.OTP_REQUIRED = True
    user = personas[Role.FINANCE_OFFICER]
    device = set_up_two_factor(sign_in(user), user)
    api = APIClient()
    url = reverse("api:token_obtain")
    response = api.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "otp_token" in response.json()["errors"]
    response = api.post(url, {"username": user.username, "password": PASSWORD, "otp_token": "000000"}, format="json")
    assert response.status_code == 403
    traveller.shift(NEXT_STEP)
    response = api.post(
        url, {"username": user.username, "password": PASSWORD, "otp_token": current_code(device)}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(reverse("api:user-me")).json()["username"] == user.username
    # Roles that are not held get a token with the password alone.
    other = personas[Role.COMMISSIONER]
    response = APIClient().post(url, {"username": other.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200


# --- Sessions --------------------------------------------------------------------------------------
def test_sessions_end_after_thirty_minutes_without_a_request(personas):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = sign_in(personas[Role.COMMISSIONER])
        # Each request pushes the expiry on: three requests 20 minutes apart stay signed in.
        for _ in range(3):
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
            _assert_cached_for_the_session_age(client)
        traveller.shift(timedelta(minutes=31))
        # The session's cached copy expires on Redis's own clock, which time-machine cannot move:
        # its time to live is at most 30 minutes (asserted above), so by now Redis has let it go.
        cache.delete(cached_db.KEY_PREFIX + client.session.session_key)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def _assert_cached_for_the_session_age(client) -> None:
    """With Redis, sessions are read from the cache first: its copy must not outlive the session.
    (Without Redis they are read from the database only: config/settings.py.)"""
    if not settings.SESSION_ENGINE.endswith(".cached_db"):
        return
    key = cached_db.KEY_PREFIX + client.session.session_key
    assert cache.get(key) is not None
    if hasattr(cache, "ttl"):  # django-redis
        assert 0 < cache.ttl(key) <= settings.SESSION_COOKIE_AGE


def test_a_session_is_rewritten_at_most_once_a_minute_and_still_expires(personas):
    """Requests within a minute of the last session write do not write it again (no UPDATE and
    COMMIT per request); a request after that pushes the expiry on."""
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = sign_in(personas[Role.COMMISSIONER])
        client.get(reverse("home"))
        key = client.session.session_key
        first_expiry = Session.objects.get(session_key=key).expire_date
        traveller.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        assert Session.objects.get(session_key=key).expire_date == first_expiry
        traveller.shift(timedelta(seconds=45))
        assert client.get(reverse("home")).status_code == 200
        assert Session.objects.get(session_key=key).expire_date == first_expiry + timedelta(seconds=75)
        # 29 minutes after that last write (and 28 after the last request) the session still holds.
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
