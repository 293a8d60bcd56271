import django.db.models.deletion
from django.db import migrations, models

PARTITIONS = 32
OLD_INDEX = "carer_search_name_trgm"

TABLE = """
CREATE TABLE carers_carersearchentry (
    carer_id bigint NOT NULL,
    organisation_id bigint NOT NULL,
    search_name varchar(210) NOT NULL,
    PRIMARY KEY (organisation_id, carer_id)
) PARTITION BY HASH (organisation_id)
"""
PARTITION = (
    "CREATE TABLE carers_carersearchentry_{n} PARTITION OF carers_carersearchentry "
    "FOR VALUES WITH (MODULUS {modulus}, REMAINDER {n})"
)
INDEX = (
    "CREATE INDEX carer_search_entry_name_trgm ON carers_carersearchentry "
    "USING gin (search_name gin_trgm_ops) WITH (fastupdate = off)"
)
# Keeps carers_carersearchentry equal to carers_carer's searchable rows, whatever writes a carer.
SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION carers_search_entry_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM carers_carersearchentry WHERE organisation_id = OLD.organisation_id AND carer_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'active' AND NEW.search_name <> '' THEN
        INSERT INTO carers_carersearchentry (carer_id, organisation_id, search_name)
        VALUES (NEW.id, NEW.organisation_id, NEW.search_name);
    END IF;
    RETURN NULL;
END;
$$
"""
TRIGGERS = [
    "CREATE TRIGGER carers_search_entry_insert AFTER INSERT ON carers_carer "
    "FOR EACH ROW EXECUTE FUNCTION carers_search_entry_sync()",
    # Only when what the entry holds changes: saving a carer's last contact writes no entry.
    "CREATE TRIGGER carers_search_entry_update AFTER UPDATE ON carers_carer FOR EACH ROW "
    "WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name OR OLD.organisation_id IS DISTINCT FROM "
    "NEW.organisation_id OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION carers_search_entry_sync()",
    "CREATE TRIGGER carers_search_entry_delete AFTER DELETE ON carers_carer "
    "FOR EACH ROW EXECUTE FUNCTION carers_search_entry_sync()",
]


def create_search_entries(apps, schema_editor):
    """PostgreSQL: the partitioned table, its trigram index, the triggers and the entries of the
    carers already held; the old whole-table trigram index goes (nothing matches
    carers_carer.search_name with `%` any more). SQLite: a plain, empty table of the same shape."""
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.create_model(apps.get_model("carers", "CarerSearchEntry"))
        return
    schema_editor.execute(TABLE)
    for n in range(PARTITIONS):
        schema_editor.execute(PARTITION.format(n=n, modulus=PARTITIONS))
    schema_editor.execute(SYNC_FUNCTION)
    for trigger in TRIGGERS:
        schema_editor.execute(trigger)
    schema_editor.execute(
        "INSERT INTO carers_carersearchentry (carer_id, organisation_id, search_name) "
        "SELECT id, organisation_id, search_name FROM carers_carer WHERE status = 'active' AND search_name <> '' "
        "ORDER BY id"
    )
    schema_editor.execute(INDEX)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute("ANALYZE carers_carersearchentry")


def drop_search_entries(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.delete_model(apps.get_model("carers", "CarerSearchEntry"))
        return
    for name in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS carers_search_entry_{name} ON carers_carer")
    schema_editor.execute("DROP FUNCTION IF EXISTS carers_search_entry_sync()")
    schema_editor.execute("DROP TABLE IF EXISTS carers_carersearchentry")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON carers_carer USING gin (search_name gin_trgm_ops) "
        "WITH (fastupdate = off)"
    )


class Migration(migrations.Migration):
    """Carer search reads a narrow table, partitioned by organisation and kept by triggers."""

    dependencies = [
        ("accounts", "0003_name_indexes"),
        ("carers", "0006_kpi_ni135_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="CarerSearchEntry",
            fields=[
                (
                    "carer",
                    models.OneToOneField(
                        db_constraint=False,
                        editable=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="carers.carer",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        db_constraint=False,
                        editable=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                ("search_name", models.CharField(editable=False, max_length=210)),
            ],
            options={
                "verbose_name": "carer search entry",
                "verbose_name_plural": "carer search entries",
                "db_table": "carers_carersearchentry",
                "managed": False,
            },
        ),
        migrations.RunPython(create_search_entries, drop_search_entries),
    ]
