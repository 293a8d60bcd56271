"""Shared fixtures: one persona per role, an outsider of another organisation, and clients."""

import os

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.caching import clear_this_databases_cache

ROLE_USERNAMES = {
    Role.COMMISSIONER: "p_commissioner",
    Role.CSC_OFFICER: "p_csc",
    Role.FINANCE_OFFICER: "p_finance",
    Role.BROKERAGE_OFFICER: "p_broker",
    Role.ADMINISTRATOR: "p_admin",
    Role.DEPLOYMENT_ADMINISTRATOR: "p_deployment_admin",
}


def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL- or Redis-only tests only when that service is not configured."""
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://...")
    for item in items:
        if "postgres" in item.keywords and not using_postgres():
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)


@pytest.fixture(scope="session", autouse=True)
def _forget_earlier_runs_cache(django_db_setup, django_db_blocker):
    """Redis outlives a test run, the test database does not: keys an earlier run cached for
    user 5 or organisation 1 would answer for this run's rows of the same ids."""
    with django_db_blocker.unblock():
        clear_this_databases_cache()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.AXES_ENABLED = True
    settings.OTP_REQUIRED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A fast hasher: the suite creates many users; production keeps Django's PBKDF2 default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files (consultation documents) go to a temporary folder, never the worktree's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def home_org(db):
    return OrganisationFactory(name="Oxfordshire County Council")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Devon County Council")


@pytest.fixture
def personas(db, home_org):
    """One user per role, all of the home council but the deployment administrator, who is no
    council's officer."""
    return {
        role: UserFactory(
            username=name, organisation=None if role == Role.DEPLOYMENT_ADMINISTRATOR else home_org, roles=[role]
        )
        for role, name in ROLE_USERNAMES.items()
    }


@pytest.fixture
def outsider(db, other_org):
    """A commissioner of another council."""
    return UserFactory(username="p_outsider", organisation=other_org, roles=[Role.COMMISSIONER])


@pytest.fixture
def client_for(personas):
    """client_for(Role.CSC_OFFICER) → a Django test client signed in as that persona."""

    def make(role) -> Client:
        client = Client()
        client.force_login(personas[role])
        return client

    return make


@pytest.fixture
def api_for(personas):
    """api_for(Role.FINANCE_OFFICER) → a DRF APIClient authenticated as that persona."""

    def make(role) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[role])
        return client

    return make
