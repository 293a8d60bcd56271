"""Who is signed in (user, two-factor device, permissions, roles) is kept in the cache between
requests, and any change to it shows on the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from accounts.identity_cache import CachedModelBackend, _entry_key
from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.caching import clear_this_databases_cache

pytestmark = pytest.mark.django_db

# What Django and django-otp read on each request without the cache.
IDENTITY_TABLES = ("accounts_user", "auth_permission", "accounts_user_groups", "otp_", "django_session")


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # The cache as it is with Redis; one test process shares one local-memory cache, so these
    # tests hold on the embedded default too (tests/accounts/test_sessions_across_processes.py: several).
    settings.IDENTITY_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    clear_this_databases_cache()


def _queries(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    return status, [q["sql"] for q in ctx.captured_queries]


def _verified_client(user) -> tuple[Client, TOTPDevice]:
    """Signed in and verified with a confirmed authenticator app, as after the two-factor page."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, device


def test_a_second_request_reads_nothing_about_who_is_signed_in_from_the_database():
    user = UserFactory(roles=[Role.COMMISSIONER])
    client, _ = _verified_client(user)
    status, first = _queries(client, reverse("home"))
    assert status == 200
    assert [s for s in first if "otp_totp_totpdevice" in s]  # the first request did read them
    status, sql = _queries(client, reverse("home"))
    assert status == 200
    assert not [s for s in sql if any(table in s for table in IDENTITY_TABLES)], sql


def test_the_user_device_and_permissions_come_from_one_cache_round_trip(monkeypatch):
    user = UserFactory(roles=[Role.CSC_OFFICER])
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    backend = CachedModelBackend()
    assert backend.get_user(user.pk) == user  # fills the cache
    expected = user.get_all_permissions()
    calls, inside = [], []

    def counted(name, real):
        def call(*args, **kwargs):
            if not inside:  # the cache's own calls inside one (locmem's get_many calls get) are not counted
                calls.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    with CaptureQueriesContext(connection) as ctx:
        again = backend.get_user(user.pk)  # as the next request loads its user
        assert again.has_perm("carers.view_carer") and not again.has_perm("budgets.change_budget")
        assert again.has_role(Role.CSC_OFFICER) and again.get_all_permissions() == expected
        assert again._otp_devices == {device.persistent_id: device}
    assert calls == ["get_many"]
    assert ctx.captured_queries == []


def test_a_role_taken_away_is_refused_on_the_next_request():
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    user.groups.set(Group.objects.filter(name=Role.COMMISSIONER))
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_a_permission_removed_from_a_role_is_refused_on_the_next_request():
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    group.permissions.remove(Permission.objects.get(codename="view_user", content_type__app_label="accounts"))
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_made_superuser_sees_everything_on_the_next_request():
    user = UserFactory(roles=[Role.COMMISSIONER])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    user = User.objects.get(pk=user.pk)
    user.is_superuser = True
    user.save()
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_new_password_ends_the_users_other_sessions_on_their_next_request():
    user = UserFactory(roles=[Role.CSC_OFFICER])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    changed = User.objects.get(pk=user.pk)
    changed.set_password("another-long-password-2026")
    changed.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_deactivated_user_is_signed_out_on_their_next_request():
    user = UserFactory(roles=[Role.CSC_OFFICER])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("api:user-me")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("api:user-me")).status_code in (401, 403)


def test_a_removed_authenticator_app_unverifies_the_session_on_the_next_request(settings):
    settings.OTP_REQUIRED = True
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    client, device = _verified_client(user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("home")).status_code == 200  # served from the cache
    device.delete()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_unconfirmed_device_does_not_verify_the_session(settings):
    settings.OTP_REQUIRED = True
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    client, device = _verified_client(user)
    assert client.get(reverse("home")).status_code == 200
    device.confirmed = False
    device.save()
    assert client.get(reverse("home")).status_code == 302


def test_rows_read_before_a_change_commits_are_not_kept_after_it(django_capture_on_commit_callbacks):
    """A request on another connection can read the old row after the change is made but before
    it commits, and cache it under the new version: the version is replaced again on commit."""
    user = UserFactory(roles=[Role.CSC_OFFICER])
    backend = CachedModelBackend()
    with django_capture_on_commit_callbacks(execute=True):  # leaving the block is the commit
        user.first_name = "Renamed"
        user.save()
        backend.get_user(user.pk)
        entry = cache.get(_entry_key(user.pk))
        entry["user"].first_name = "Old"  # what the other connection saw
        cache.set(_entry_key(user.pk), entry)
        assert backend.get_user(user.pk).first_name == "Old"
    assert backend.get_user(user.pk).first_name == "Renamed"
    with CaptureQueriesContext(connection) as ctx:
        assert backend.get_user(user.pk).first_name == "Renamed"
    assert ctx.captured_queries == []  # and from then on it is served from the cache


def test_the_cache_holds_no_authenticator_secret_and_its_device_cannot_be_saved():
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    CachedModelBackend().get_user(user.pk)
    cached = cache.get(_entry_key(user.pk))["devices"][device.persistent_id]
    assert cached.pk == device.pk and cached.confirmed and cached.key == ""
    with pytest.raises(RuntimeError, match="no secret"):
        cached.save()
    device.refresh_from_db()
    assert len(device.key) == 40  # untouched
