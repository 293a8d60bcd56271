from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.models import User


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# One test, two loads (each load_demo takes seconds): the refusal, the forced first load, the
# users it makes, and a second load that changes nothing, in the order a deployment meets them.
@pytest.mark.django_db
def test_load_demo_refuses_without_debug_unless_forced_makes_each_role_and_is_idempotent(settings):
    # Refused when DEBUG is false, unless forced.
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        call_command("load_demo")
    assert not User.objects.filter(username="commissioner").exists()
    call_command("load_demo", "--force", stdout=StringIO())
    assert User.objects.filter(username="commissioner").exists()

    # One user per role, with the demo password, in the demo council.
    expected = {
        "commissioner": Role.COMMISSIONER,
        "csc": Role.CSC_OFFICER,
        "finance": Role.FINANCE_OFFICER,
        "broker": Role.BROKERAGE_OFFICER,
        "admin": Role.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.role_names == [role.value]
        assert user.check_password(settings.DEMO_PASSWORD)
        assert user.organisation.name == "Oxfordshire County Council"

    # Loading again (as `make demo` does on every run, with DEBUG on) gives the same rows.
    settings.DEBUG = True
    first = _row_counts()
    call_command("load_demo", stdout=StringIO())
    assert _row_counts() == first
