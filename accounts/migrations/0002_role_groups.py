from django.db import migrations

from accounts.roles import sync_roles_migration


class Migration(migrations.Migration):
    """Create the five role groups with their permissions (accounts.roles.ROLE_PERMISSIONS)."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("reminders", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(sync_roles_migration, migrations.RunPython.noop)]
