"""Finance officers record and import budgets' actual spend; commissioners read it."""

from django.db import migrations

from accounts.roles import sync_roles_migration


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_bounded_free_text"),
        ("budgets", "0004_spend"),
    ]

    operations = [migrations.RunPython(sync_roles_migration, migrations.RunPython.noop)]
