"""Carer search by match keys (carers.matching): the carer's keys, copied by the search-entry
trigger into a GIN-indexed array; the familiar forms of first names, seeded with common English
forms (reversible)."""

from django.db import migrations, models

from accounts.roles import sync_roles_migration

# Familiar form → first name (common English forms; administrators add more in Django admin).
FORMS = {
    "william": ["bill", "billy", "will", "willie", "liam"],
    "margaret": ["peggy", "maggie", "meg", "madge", "marge", "margo", "rita"],
    "james": ["jim", "jimmy", "jamie", "jimmie"],
    "susan": ["sue", "susie", "suzy"],
    "suzanne": ["sue", "suzy"],
    "elizabeth": ["liz", "lizzie", "beth", "betty", "bess", "eliza", "libby"],
    "robert": ["bob", "bobby", "rob", "robbie", "bert"],
    "richard": ["dick", "rick", "ricky", "rich", "richie"],
    "michael": ["mike", "mick", "micky", "mikey"],
    "matthew": ["matt", "matty"],
    "patricia": ["pat", "patsy", "trish", "tricia"],
    "rebecca": ["becky", "becca", "bex"],
    "stephen": ["steve", "stevie"],
    "steven": ["steve", "stevie"],
    "kenneth": ["ken", "kenny"],
    "jonathan": ["jonny", "johnny"],
    "john": ["jack", "johnny"],
    "catherine": ["kate", "cathy", "cath", "katie", "kath"],
    "katherine": ["kate", "kathy", "kath", "katie", "kay"],
    "kathryn": ["kate", "kathy", "kath", "katie"],
    "deborah": ["debbie", "deb", "debs"],
    "debra": ["debbie", "deb"],
    "samantha": ["sam", "sammy"],
    "samuel": ["sam", "sammy"],
    "raymond": ["ray"],
    "valerie": ["val"],
    "barbara": ["babs", "barbie"],
    "peter": ["pete"],
    "philip": ["phil"],
    "phillip": ["phil"],
    "thomas": ["tom", "tommy"],
    "anthony": ["tony"],
    "christopher": ["chris", "kit"],
    "christine": ["chris", "chrissie", "tina"],
    "alexander": ["alex", "sandy"],
    "alexandra": ["alex", "sandra"],
    "andrew": ["andy", "drew"],
    "edward": ["ted", "ed", "eddie", "ned"],
    "henry": ["harry", "hal"],
    "david": ["dave", "davy"],
    "daniel": ["dan", "danny"],
    "joseph": ["joe", "joey"],
    "josephine": ["jo", "josie"],
    "joanne": ["jo"],
    "frederick": ["fred", "freddie"],
    "gerald": ["gerry"],
    "geoffrey": ["geoff"],
    "jeffrey": ["jeff"],
    "leonard": ["len", "lenny"],
    "lawrence": ["larry", "laurie"],
    "nicholas": ["nick", "nicky"],
    "nicola": ["nicky", "nikki"],
    "pamela": ["pam"],
    "dorothy": ["dot", "dotty", "dolly"],
    "mary": ["molly", "polly", "mamie"],
    "sarah": ["sally", "sadie"],
    "ann": ["annie", "nan", "nancy"],
    "anne": ["annie", "nan"],
    "helen": ["nell", "nellie"],
    "eleanor": ["nell", "ellie"],
    "jennifer": ["jenny", "jen"],
    "victoria": ["vicky", "tori"],
    "abigail": ["abby", "gail"],
    "gareth": ["gaz"],
    "terence": ["terry"],
    "timothy": ["tim"],
    "benjamin": ["ben"],
    "charles": ["charlie", "chas", "chuck"],
    "francis": ["frank"],
    "frances": ["fran", "fanny"],
    "graham": ["gray"],
    "douglas": ["doug"],
    "donald": ["don"],
    "ronald": ["ron", "ronnie"],
    "albert": ["bert", "albie"],
    "arthur": ["art"],
    "harold": ["harry"],
    "walter": ["walt", "wally"],
    "agnieszka": ["aga"],
    "tomasz": ["tomek"],
    "mohammed": ["mo"],
    "muhammad": ["mo"],
    "mohammad": ["mo"],
}


def seed_forms(apps, schema_editor):
    FirstNameForm = apps.get_model("carers", "FirstNameForm")
    FirstNameForm.objects.bulk_create(
        [FirstNameForm(familiar=familiar, formal=formal) for formal, forms in FORMS.items() for familiar in forms],
        ignore_conflicts=True,
    )


def unseed_forms(apps, schema_editor):
    FirstNameForm = apps.get_model("carers", "FirstNameForm")
    for formal, forms in FORMS.items():
        FirstNameForm.objects.filter(formal=formal, familiar__in=forms).delete()


ADD_COLUMN = "ALTER TABLE carers_carersearchentry ADD COLUMN search_keys text[] NOT NULL DEFAULT '{}'"
# Serves the carer search's candidate step (carers.selectors.search_queryset): `search_keys && keys`.
INDEX = (
    "CREATE INDEX carer_search_entry_keys_gin ON carers_carersearchentry "
    "USING gin (search_keys) WITH (fastupdate = off)"
)
SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION carers_search_entry_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM carers_carersearchentry WHERE organisation_id = OLD.organisation_id AND carer_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'active' AND NEW.search_name <> '' THEN
        INSERT INTO carers_carersearchentry (carer_id, organisation_id, search_name, search_keys)
        VALUES (NEW.id, NEW.organisation_id, NEW.search_name, string_to_array(btrim(NEW.search_keys), ' '));
    END IF;
    RETURN NULL;
END;
$$
"""
OLD_SYNC_FUNCTION = """
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
UPDATE_TRIGGER = (
    "CREATE TRIGGER carers_search_entry_update AFTER UPDATE ON carers_carer FOR EACH ROW "
    "WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name OR OLD.search_keys IS DISTINCT FROM NEW.search_keys "
    "OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.status IS DISTINCT FROM NEW.status) "
    "EXECUTE FUNCTION carers_search_entry_sync()"
)
OLD_UPDATE_TRIGGER = (
    "CREATE TRIGGER carers_search_entry_update AFTER UPDATE ON carers_carer FOR EACH ROW "
    "WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name OR OLD.organisation_id IS DISTINCT FROM "
    "NEW.organisation_id OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION carers_search_entry_sync()"
)


def fill_keys(apps, schema_editor):
    """The keys of the carers already held (the update trigger copies them into their entries)."""
    # The one function the product computes keys with; a later change to it is a new migration.
    from carers.matching import name_keys

    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(SYNC_FUNCTION)
        schema_editor.execute("DROP TRIGGER IF EXISTS carers_search_entry_update ON carers_carer")
        schema_editor.execute(UPDATE_TRIGGER)
    Carer = apps.get_model("carers", "Carer")
    batch = []
    for carer in Carer.objects.only("id", "first_name", "last_name").order_by("id").iterator(chunk_size=2000):
        carer.search_keys = name_keys(carer.first_name, carer.last_name)
        batch.append(carer)
        if len(batch) == 2000:
            Carer.objects.bulk_update(batch, ["search_keys"])
            batch = []
    if batch:
        Carer.objects.bulk_update(batch, ["search_keys"])
    if postgres:
        schema_editor.execute(INDEX)
        schema_editor.execute("ANALYZE carers_carersearchentry")


def drop_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS carer_search_entry_keys_gin")
    schema_editor.execute("DROP TRIGGER IF EXISTS carers_search_entry_update ON carers_carer")
    schema_editor.execute(OLD_UPDATE_TRIGGER)
    schema_editor.execute(OLD_SYNC_FUNCTION)
    schema_editor.execute("ALTER TABLE carers_carersearchentry DROP COLUMN IF EXISTS search_keys")


class Migration(migrations.Migration):
    """Match keys for the carer search, and familiar forms of first names."""

    dependencies = [
        ("carers", "0010_carer_import_warnings_queue"),
    ]

    operations = [
        migrations.AddField(
            model_name="carer",
            name="search_keys",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="historicalcarer",
            name="search_keys",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.CreateModel(
            name="FirstNameForm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "familiar",
                    models.CharField(help_text="For example Bill.", max_length=30, verbose_name="familiar form"),
                ),
                (
                    "formal",
                    models.CharField(help_text="For example William.", max_length=30, verbose_name="first name"),
                ),
            ],
            options={
                "verbose_name": "familiar form of a first name",
                "verbose_name_plural": "familiar forms of first names",
                "ordering": ["formal", "familiar"],
                "indexes": [models.Index(fields=["formal"], name="firstnameform_formal_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("familiar", "formal"),
                        name="firstnameform_unique_pair",
                        violation_error_message="This familiar form of that first name is already listed.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("familiar", models.F("formal")), _negated=True),
                        name="firstnameform_differs",
                        violation_error_message="A familiar form must differ from the first name.",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed_forms, unseed_forms),
        migrations.RunPython(fill_keys, drop_keys),
        migrations.RunPython(sync_roles_migration, migrations.RunPython.noop),
    ]
