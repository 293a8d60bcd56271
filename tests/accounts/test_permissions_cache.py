"""Permissions and roles are kept in the cache between requests, and any change to them shows
on the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    return status, [q["sql"] for q in ctx.captured_queries]


def test_a_second_request_reads_no_permissions_or_roles_from_the_database():
    user = UserFactory(roles=[Role.COMMISSIONER])
    client = Client()
    client.force_login(user)
    _queries(client, reverse("home"))
    status, sql = _queries(client, reverse("home"))
    assert status == 200
    assert not [s for s in sql if "auth_permission" in s or "accounts_user_groups" in s]


def test_permissions_and_roles_come_from_one_cache_entry(monkeypatch):
    from django.core.cache import cache

    user = UserFactory(roles=[Role.CSC_OFFICER])
    assert user.has_perm("carers.view_carer") and user.has_role(Role.CSC_OFFICER)  # fills the cache
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k))
    again = User.objects.get(pk=user.pk)  # as the next request loads its user
    assert again.has_perm("carers.view_carer") and not again.has_perm("budgets.change_budget")
    assert again.has_role(Role.CSC_OFFICER) and again.get_all_permissions() == user.get_all_permissions()
    assert len(reads) == 2, reads  # the permissions version, then the one entry


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
