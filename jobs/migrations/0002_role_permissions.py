from django.db import migrations

from accounts.roles import sync_roles_migration


class Migration(migrations.Migration):
    """Give the roles the outbox's permissions (none today; accounts.roles is the one table)."""

    dependencies = [
        ("jobs", "0001_outbox"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(sync_roles_migration, migrations.RunPython.noop)]
