from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.choices import Role
from accounts.roles import NOBODYS_MODELS, ROLE_PERMISSIONS, nobodys_model, permissions_for, role_groups_sync

pytestmark = pytest.mark.django_db


def test_migrations_leave_each_role_group_with_exactly_its_table_permissions():
    available = list(Permission.objects.values_list("id", "content_type__app_label", "codename"))
    for role in Role:
        group = Group.objects.get(name=role.value)
        assert set(group.permissions.values_list("id", flat=True)) == permissions_for(role, available), role


def test_sync_is_idempotent_and_removes_stray_permissions():
    group = Group.objects.get(name=Role.CSC_OFFICER)
    stray = Permission.objects.get(codename="add_user")
    group.permissions.add(stray)
    role_groups_sync()
    role_groups_sync()
    assert not group.permissions.filter(pk=stray.pk).exists()


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.ADMINISTRATOR, "accounts.add_user", "accounts.delete_user"),
        (Role.ADMINISTRATOR, "carers.erase_carer", "carers.view_carer_statistics"),
        (Role.ADMINISTRATOR, "accounts.change_area", "accounts.add_organisation"),
        (Role.DEPLOYMENT_ADMINISTRATOR, "accounts.add_organisation", "carers.view_carer"),
        (Role.CSC_OFFICER, "carers.view_accesslog", "carers.change_accesslog"),
        (Role.CSC_OFFICER, "accounts.view_area", "accounts.add_user"),
        (Role.FINANCE_OFFICER, "accounts.view_organisation", "accounts.change_user"),
        (Role.COMMISSIONER, "accounts.change_organisation", "accounts.add_area"),
        (Role.BROKERAGE_OFFICER, "accounts.view_area", "accounts.add_organisation"),
    ],
)
def test_roles_hold_their_permissions(personas, role, allowed, refused):
    user = personas[role]
    assert user.has_perm(allowed)
    assert not user.has_perm(refused)


def test_every_role_is_in_the_table():
    assert set(ROLE_PERMISSIONS) == set(Role)


def _models_named_in_the_table() -> set[str]:
    """`app_label.model` of every permission some role's list names (custom ones included)."""
    named = {name for names in ROLE_PERMISSIONS.values() for name in names}
    return {
        f"{app}.{model}"
        for app, code, model in Permission.objects.values_list(
            "content_type__app_label", "codename", "content_type__model"
        )
        if f"{app}.{code}" in named
    }


def test_every_model_is_some_roles_or_declared_nobodys():
    """A new model's author decides who may do what: a model that no role's list mentions, and
    that is not a history table or a NOBODYS_MODELS line with its reason, fails here."""
    named = _models_named_in_the_table()
    undecided = [
        model._meta.label_lower
        for model in apps.get_models()
        if not nobodys_model(model) and model._meta.label_lower not in named
    ]
    assert undecided == [], f"Say in accounts/roles.py which roles hold these models' permissions: {undecided}"


def test_nobodys_models_are_real_models_and_held_by_no_role():
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert set(NOBODYS_MODELS) <= labels
    history = {model._meta.label_lower for model in apps.get_models() if nobodys_model(model)} - set(NOBODYS_MODELS)
    assert "carers.historicalcarer" in history  # history tables are recognised without a line each
    assert _models_named_in_the_table() & (set(NOBODYS_MODELS) | history) == set()


def test_every_permission_is_named_and_exists():
    existing = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    for role, names in ROLE_PERMISSIONS.items():
        assert not [name for name in names if any(ch in name for ch in "*?[")], role
        assert set(names) <= existing, (role, set(names) - existing)


def test_nobody_changes_or_deletes_the_access_log_or_history():
    held = Permission.objects.filter(group__name__in=Role.values)
    assert (
        not held.filter(content_type__app_label="carers", content_type__model="accesslog")
        .exclude(codename="view_accesslog")
        .exists()
    )
    assert not held.filter(content_type__model__startswith="historical").exists()
    # Carers' records are closed or erased, never deleted: no role deletes any of them.
    assert list(
        held.filter(content_type__app_label="carers", codename__startswith="delete_")
        .values_list("codename", flat=True)
        .distinct()
        .order_by("codename")
    ) == ["delete_areaestimate", "delete_kpiindicator", "delete_kpitarget"]


def test_role_permissions_command_prints_the_table_the_readme_shows():
    out = StringIO()
    call_command("role_permissions", stdout=out)
    table = out.getvalue().strip()
    print(table)  # the role × permission table, for whoever runs this test with -s
    assert table.splitlines()[0].startswith("| permission |")
    assert "| `carers.erase_carer` |" in table
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert table in readme, "README's role section must show `manage.py role_permissions` as it prints now"
