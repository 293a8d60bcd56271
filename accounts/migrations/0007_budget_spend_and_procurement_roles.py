"""Joins the two 0006 role migrations (budgets' spend, the procurement pipeline) and syncs the
role groups once both apps' permissions exist."""

from django.db import migrations

from accounts.roles import sync_roles_migration


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_budget_spend_permissions"),
        ("accounts", "0006_procurement_permissions"),
    ]

    operations = [migrations.RunPython(sync_roles_migration, migrations.RunPython.noop)]
