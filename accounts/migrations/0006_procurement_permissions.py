"""Commissioners gain the procurement pipeline's permissions (accounts.roles._PROCUREMENTS)."""

from django.db import migrations

from accounts.roles import sync_roles_migration


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_bounded_free_text"),
        ("commissioning", "0005_procurement_pipeline"),
    ]

    operations = [migrations.RunPython(sync_roles_migration, migrations.RunPython.noop)]
