"""API fuzzing: Schemathesis against the OpenAPI schema the app generates.

Every operation in the schema is fuzzed in depth once, as a user who holds every council role
(so every operation's real code path is reached, through the same permissions and scoping as
any officer): Schemathesis's coverage phase (boundary cases built from the schema) and 25
derandomised examples (valid and invalid input, NUL bytes and over-long strings included). Then
every operation is called as each role with 2 examples, no coverage phase: a role refused an
operation is answered 403 before its input is read, and a role allowed it takes the code path the
in-depth run fuzzed already, so more examples prove nothing more, while generating them cost most
of the suite's time (6 roles × every operation). Requests go through
the WSGI app with the user's API token. All of Schemathesis's default checks run: no 5xx, status
codes and content types and bodies as documented, no undocumented operations. Add nothing here
when an app adds endpoints: its schema is fuzzed automatically.
"""

import subprocess
import sys

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from accounts.choices import Role
from common.api.throttling import AnonRateThrottle
from tests.accounts.factories import UserFactory
from tests.caching import clear_this_databases_cache

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _schema() -> dict:
    import django

    django.setup()
    return SchemaGenerator().get_schema(request=None, public=True)


# Schema-valid input may still be refused with a field error (400): a filter or field naming a
# row that does not exist, or text containing NUL characters, which JSON Schema cannot express.
# Everything else about positive data is checked as usual (and no 5xx, ever).
CHECKS = {
    "positive_data_acceptance": {
        "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"],
    }
}
SCHEMA = _schema()
schema = schemathesis.openapi.from_dict(SCHEMA, config=SchemathesisConfig.from_dict({"checks": CHECKS}))
per_role_schema = schemathesis.openapi.from_dict(
    SCHEMA, config=SchemathesisConfig.from_dict({"checks": CHECKS, "phases": {"coverage": {"enabled": False}}})
)
# Every request, Schemathesis's own follow-ups included, goes through the WSGI app in-process.
schema.app = per_role_schema.app = app = WSGIHandler()
HYPOTHESIS = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
}


@pytest.fixture
def in_test_transaction(monkeypatch):
    """Calling the WSGI app directly would close the test's database connection at the end of
    each request (and with it the test's transaction): detach that, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    clear_this_databases_cache()  # request throttles count in the cache
    # Schemathesis probes each operation without credentials (to prove they are needed); those
    # probes would use up the anonymous rate in a few operations. Throttling has its own tests.
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/minute", raising=False)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    clear_this_databases_cache()


@pytest.fixture
def tokens(personas) -> dict:
    return {role: Token.objects.get_or_create(user=user)[0].key for role, user in personas.items()}


@pytest.fixture
def every_role_token(home_org) -> str:
    council_roles = [role for role in Role if role != Role.DEPLOYMENT_ADMINISTRATOR]
    user = UserFactory(username="p_every_role", organisation=home_org, roles=council_roles)
    return Token.objects.create(user=user).key


@schema.parametrize()
@hypothesis_settings(max_examples=25, **HYPOTHESIS)
def test_api_conforms_to_its_schema_in_depth(case, every_role_token, in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Token {every_role_token}"})


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
@per_role_schema.parametrize()
@hypothesis_settings(max_examples=2, **HYPOTHESIS)
def test_api_conforms_to_its_schema_for_each_role(case, role, tokens, in_test_transaction):
    if role != Role.COMMISSIONER and case.operation.definition.raw.get("security") == [{}]:
        pytest.skip("needs no sign-in, so it answers every role alike: fuzzed once, as a commissioner")
    case.call_and_validate(headers={"Authorization": f"Token {tokens[role]}"})


def test_schema_generates_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--fail-on-warn", "--validate", "--file", "/dev/null"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr, result.stderr
