from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from accounts.roles import sync_roles_migration
from carers.choices import DEFAULT_CONDITION_CATEGORIES, DEFAULT_CONTACT_REASONS

GIN_INDEX = "carer_search_name_trgm"


class PostgresOnlyTrigramExtension(TrigramExtension):
    """CREATE EXTENSION pg_trgm on PostgreSQL; nothing on the embedded SQLite default."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other apps may use pg_trgm too: leave it installed


def create_trigram_index(apps, schema_editor):
    # Serves the misspelt-name search (carers.selectors.carer_search): `search_name % 'jon smyth'`
    # ranked by similarity(). PostgreSQL only; SQLite searches with a plain LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON carers_carer USING gin (search_name gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def add_reference_lists(apps, schema_editor):
    ContactReason = apps.get_model("carers", "ContactReason")
    ConditionCategory = apps.get_model("carers", "ConditionCategory")
    for name in DEFAULT_CONTACT_REASONS:
        ContactReason.objects.get_or_create(name=name)
    for name in DEFAULT_CONDITION_CATEGORIES:
        ConditionCategory.objects.get_or_create(name=name)


def remove_reference_lists(apps, schema_editor):
    apps.get_model("carers", "ContactReason").objects.filter(name__in=DEFAULT_CONTACT_REASONS).delete()
    apps.get_model("carers", "ConditionCategory").objects.filter(name__in=DEFAULT_CONDITION_CATEGORIES).delete()


class Migration(migrations.Migration):
    """pg_trgm and the GIN trigram index for carer search; the starting reference lists; role sync."""

    dependencies = [("carers", "0001_initial")]

    operations = [
        PostgresOnlyTrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(add_reference_lists, remove_reference_lists),
        migrations.RunPython(sync_roles_migration, migrations.RunPython.noop),
    ]
