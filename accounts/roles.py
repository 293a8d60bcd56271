"""What each role may do: the one table of role → permissions (DESIGN.md §4).

Patterns are `app_label.codename` with shell wildcards. `role_groups_sync` makes each group's
permissions equal to what its patterns match now; every app's migrations that add models end
with `RunPython(sync_roles_migration)`, so a new model's permissions reach the roles at once.
"""

from fnmatch import fnmatchcase

from accounts.choices import Role

# Personal data: only CSC officers, brokerage officers (scoped to the people on their packages,
# see carers.querysets) and administrators hold carers.view_carer. Finance officers and
# commissioners hold carers.view_carer_statistics: aggregated figures, never a person's record.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CSC_OFFICER: [
        "accounts.view_area",
        "accounts.view_organisation",
        "carers.view_*",
        "carers.add_*",
        "carers.change_*",
        "reminders.view_notification",
        "reminders.change_notification",
    ],
    Role.COMMISSIONER: [
        "accounts.view_area",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "carers.view_carer_statistics",
        "carers.*_kpi*",
        "carers.*_areaestimate",
        "carers.view_directoryentry",
        "commissioning.*",
        "budgets.view_*",
        "consultations.*",
        "brokerage.view_*",
        "reminders.*",
    ],
    Role.FINANCE_OFFICER: [
        "accounts.view_area",
        "accounts.view_organisation",
        "carers.view_carer_statistics",
        "budgets.*",
        "commissioning.view_contract",
        "commissioning.view_serviceline",
        "commissioning.view_provider",
        "brokerage.view_carepackage",
        "reminders.view_notification",
        "reminders.change_notification",
    ],
    Role.BROKERAGE_OFFICER: [
        "accounts.view_area",
        "accounts.view_organisation",
        "carers.view_carer",
        "carers.view_caredforperson",
        "brokerage.*",
        "commissioning.view_provider",
        "commissioning.view_serviceline",
        "reminders.view_notification",
        "reminders.change_notification",
    ],
    Role.ADMINISTRATOR: [
        "accounts.*",
        "authtoken.*",
        "auth.view_group",
        "carers.view_*",
        "carers.change_*",
        "carers.add_*",
        "carers.erase_carer",
        "commissioning.*_serviceline",
        "commissioning.*_deliverymethod",
        "budgets.*_fundingstream",
        "budgets.*_deliverymethod",
        "reminders.*",
    ],
}


# Taken back out of what a role's wildcards above match. CSC officers and administrators hold
# carers.view_*/add_*/change_* for the register, but carer KPIs (indicators, targets, population
# estimates and the aggregated statistics page) are the commissioners' (DESIGN.md §4).
ROLE_EXCLUSIONS: dict[str, list[str]] = {
    Role.CSC_OFFICER: ["carers.view_carer_statistics", "carers.*_kpi*", "carers.*_areaestimate"],
    Role.ADMINISTRATOR: ["carers.view_carer_statistics", "carers.*_kpi*", "carers.*_areaestimate"],
}


def permissions_for(role: str, available: list[tuple[int, str, str]]) -> set[int]:
    """The ids of the permissions (id, app_label, codename) that `role`'s patterns match, less its exclusions."""
    patterns = ROLE_PERMISSIONS[role]
    excluded = ROLE_EXCLUSIONS.get(role, [])
    return {
        pk
        for pk, app, code in available
        if any(fnmatchcase(f"{app}.{code}", p) for p in patterns)
        and not any(fnmatchcase(f"{app}.{code}", p) for p in excluded)
    }


def role_groups_sync(apps=None) -> None:
    """Create the role groups and set each one's permissions to exactly what the table says."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = list(Permission.objects.values_list("id", "content_type__app_label", "codename"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for(role, available))


def sync_roles_migration(apps, schema_editor) -> None:
    """RunPython target: create any missing permissions first (Django makes them only after
    `migrate` finishes), then sync the role groups."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    role_groups_sync(apps)
