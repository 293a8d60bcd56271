from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.models import User


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_rows(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    call_command("load_demo", stdout=StringIO())
    assert _row_counts() == first


@pytest.mark.django_db
def test_load_demo_creates_one_user_per_role_with_the_demo_password(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
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


@pytest.mark.django_db
def test_load_demo_refuses_when_debug_is_false_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        call_command("load_demo")
    assert not User.objects.filter(username="commissioner").exists()
    call_command("load_demo", "--force", stdout=StringIO())
    assert User.objects.filter(username="commissioner").exists()
