from django.db import migrations

# Serving carers.kpis.selectors.NI135_SQL (PostgreSQL only, like migration 0003's KPI indexes).
NEW_INDEXES = [
    # "Had advice and information in the year": one index probe per assessed carer, no table read.
    (
        "contact_kpi_served_idx",
        "ON carers_contact (carer_id, contacted_at) "
        "WHERE carer_id IS NOT NULL AND (advice_given <> '' OR outcome = 'information')",
    ),
    # An organisation's carers (id, area, status) read from the index alone for the KPI joins.
    ("carer_org_cover_idx", "ON carers_carer (organisation_id) INCLUDE (id, area_id, status)"),
]
# The year's contacts were hashed whole by the query this replaces; nothing reads this any more.
OLD_INDEX = ("contact_kpi_when_idx", "ON carers_contact (contacted_at) INCLUDE (carer_id)")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in NEW_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX[0]}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {OLD_INDEX[0]} {OLD_INDEX[1]}")
        for name, _ in NEW_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    """Indexes for NI135 counted in one query for all years."""

    dependencies = [("carers", "0005_referral_organisation_required_search_statistics")]

    operations = [migrations.RunPython(forwards, backwards)]
