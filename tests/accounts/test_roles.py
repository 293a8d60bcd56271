import pytest
from django.contrib.auth.models import Group, Permission

from accounts.choices import Role
from accounts.roles import ROLE_PERMISSIONS, permissions_for, role_groups_sync

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
        (Role.ADMINISTRATOR, "accounts.add_user", "accounts.delete_nothing"),
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
