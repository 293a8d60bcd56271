"""Each role's permissions by name (accounts.roles), replacing the wildcards that gave roles every
model's permissions as it appeared, CSC officers change_accesslog, and administrators change and
delete on history tables. Forwards: the groups get exactly today's table, and the deployment
administrator's group is created; the user manager gains `visible_to`. Backwards: the wildcard
table as it was before this migration (kept here, frozen, so that undoing it restores what
deployments had)."""

from fnmatch import fnmatchcase

from django.db import migrations

import accounts.models
from accounts.roles import sync_roles_migration

_WILDCARD_ROLES = {
    "CSC officer": (
        ["accounts.view_area", "accounts.view_organisation", "carers.view_*", "carers.add_*", "carers.change_*"]
        + ["reminders.view_notification", "reminders.change_notification"],
        ["carers.view_carer_statistics", "carers.*_kpi*", "carers.*_areaestimate"],
    ),
    "Commissioner": (
        ["accounts.view_area", "accounts.view_organisation", "accounts.add_organisation"]
        + ["accounts.change_organisation", "carers.view_carer_statistics", "carers.*_kpi*"]
        + ["carers.*_areaestimate", "carers.view_directoryentry", "commissioning.*", "budgets.view_*"]
        + ["consultations.*", "brokerage.view_*", "reminders.*"],
        [],
    ),
    "Finance officer": (
        ["accounts.view_area", "accounts.view_organisation", "carers.view_carer_statistics", "budgets.*"]
        + ["commissioning.view_contract", "commissioning.view_serviceline", "commissioning.view_provider"]
        + ["brokerage.view_carepackage", "reminders.view_notification", "reminders.change_notification"],
        [],
    ),
    "Brokerage officer": (
        ["accounts.view_area", "accounts.view_organisation", "carers.view_carer", "carers.view_caredforperson"]
        + ["brokerage.*", "commissioning.view_provider", "commissioning.view_serviceline"]
        + ["reminders.view_notification", "reminders.change_notification"],
        [],
    ),
    "Administrator": (
        ["accounts.*", "authtoken.*", "auth.view_group", "carers.view_*", "carers.change_*", "carers.add_*"]
        + ["carers.erase_carer", "commissioning.*_serviceline", "commissioning.*_deliverymethod"]
        + ["budgets.*_fundingstream", "budgets.*_deliverymethod", "reminders.*"],
        ["carers.view_carer_statistics", "carers.*_kpi*", "carers.*_areaestimate"],
    ),
}


def restore_wildcard_roles(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = list(Permission.objects.values_list("id", "content_type__app_label", "codename"))
    for name, (patterns, excluded) in _WILDCARD_ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            pk
            for pk, app, code in available
            if any(fnmatchcase(f"{app}.{code}", p) for p in patterns)
            and not any(fnmatchcase(f"{app}.{code}", p) for p in excluded)
        )
    Group.objects.filter(name="Deployment administrator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_name_indexes"),
        ("carers", "0008_referral_org_kind_open_index"),
        ("reminders", "0002_reminder_rules"),
        ("jobs", "0002_role_permissions"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [
        # The user manager gains the scope rule (accounts.querysets.UserQuerySet.visible_to).
        migrations.AlterModelManagers(name="user", managers=[("objects", accounts.models.UserManager())]),
        migrations.RunPython(sync_roles_migration, restore_wildcard_roles),
    ]
