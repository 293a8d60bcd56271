# ruff: noqa: S608 - the SQL below is built from our own constants and integers, never from input
"""The carers app's part of the benchmark (see bench/spec.py).

generate() writes carers, cared-for people, contacts (skewed: a few carers have hundreds, most a
handful, dated over ten years), referrals and assessments with `INSERT … SELECT generate_series`,
so that 1,000,000 carers and 10,000,000 contacts take minutes, not hours. Every "random" choice is
`hashint8` of the row number and a salt: the same scale gives the same rows, in any order. The
non-constraint indexes of the big tables are dropped first and rebuilt after (faster than keeping
them up to date row by row), and FK triggers are off while writing (the rows are consistent by
construction).

Names and advice come from carers/sample_data.py (shared with the demo data), with the common
misspellings side by side, so endpoints() can search for a carer's name misspelt the way people do.
"""

from bench.spec import Scale
from carers.matching import part_keys
from carers.sample_data import ADVICE, FIRST_NAMES, SURNAMES
from carers.validators import normalise_name

_PREFIXES = [
    "Ash",
    "Brad",
    "Chat",
    "Dun",
    "Eld",
    "Fair",
    "Gold",
    "Hart",
    "Kings",
    "Lang",
    "Mar",
    "Nor",
    "Oak",
    "Pen",
    "Rad",
    "Stan",
    "Thorn",
    "Ux",
    "Wal",
    "Whit",
]
_SUFFIXES = [
    "ford",
    "ley",
    "ton",
    "wood",
    "field",
    "well",
    "by",
    "ham",
    "worth",
    "more",
    "dale",
    "bury",
    "stone",
    "hurst",
]
LAST_NAMES = SURNAMES + [p + s for p in _PREFIXES for s in _SUFFIXES]
CHANNELS = ["phone"] * 7 + ["email", "web", "face_to_face", "letter"]
OUTCOMES = ["resolved", "referred", "call_back", "information", "no_action"]
REFERRAL_KINDS = [
    "carers_support_service",
    "brokerage",
    "carers_assessment",
    "benefits_check",
    "peer_support",
    "emergency_card",
    "breaks_grant",
]
HOURS = ["0_19"] * 9 + ["20_49"] * 5 + ["50_plus"] * 6
SOURCES = ["csc_call", "gp_practice", "hospital", "school", "self_referral", "outreach", "social_care", "other"]
EMPLOYMENT = ["full_time", "part_time", "self_employed", "not_working", "retired", "retired", ""]
ASSESSMENT_TYPES = ["separate"] * 6 + ["joint"] * 48 + ["declined"] * 46  # Devon's mix (seed 001)
RELATIONSHIPS = ["spouse_partner", "parent", "child", "sibling", "other_relative", "friend_neighbour"]
HEAVY_CARERS = 20  # carers given 200 extra contacts each, for "a carer's page with 200 contacts"
HEAVY_CONTACTS = 200
EPOCH = "2026-11-01 12:00:00+00"  # contacts run back ten years from here
BIG_TABLES = [
    "carers_carer",
    "carers_carersearchentry",
    "carers_contact",
    "carers_referral",
    "carers_assessment",
    "carers_caredforperson",
    "carers_caringrelationship",
]


def _h(expr: str, salt: int) -> str:
    """SQL for a repeatable non-negative pseudo-random bigint from an integer expression."""
    return f"abs(hashint8(({expr})::bigint * 1000003 + {salt}))"


def _literal(value) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _array(values, sql_type: str) -> str:
    """An SQL array literal of our own constants (no parameters: the SQL also uses % as modulo)."""
    return f"ARRAY[{', '.join(_literal(v) for v in values)}]::{sql_type}[]"


def _pick(values, sql_type: str, expr: str, salt: int) -> str:
    """SQL picking one of `values` by hash of `expr`."""
    return f"({_array(values, sql_type)})[1 + {_h(expr, salt)} % {len(values)}]"


def _unit(expr: str, salt: int) -> str:
    """SQL for a repeatable float in [0, 1)."""
    return f"(({_h(expr, salt)} % 1000000007)::float8 / 1000000007)"


def _drop_indexes(conn) -> list[str]:
    """Drop the big tables' indexes that back no constraint; return their definitions."""
    rows = conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [BIG_TABLES],
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP INDEX {name}")
    # A partitioned table's index is defined ON ONLY the parent; rebuilt ON it, every partition's
    # index is built with it.
    return [definition.replace(" ON ONLY ", " ON ", 1) for _, definition in rows]


def _councils(conn) -> tuple[int, list[int]]:
    """(the bench CSC officer's organisation, every council) — creating one council if none exist."""
    councils = [
        row[0] for row in conn.execute("SELECT id FROM accounts_organisation WHERE kind = 'council' ORDER BY id")
    ]
    if not councils:
        row = conn.execute(
            "INSERT INTO accounts_organisation (name, kind, reference, address, email, phone, is_active, created_at, "
            "updated_at) VALUES ('Bench Council', 'council', '', '', '', '', true, %s, %s) RETURNING id",
            [EPOCH, EPOCH],
        ).fetchone()
        councils = [row[0]]
    persona = conn.execute(
        "SELECT organisation_id FROM accounts_user WHERE username = 'bench_csc_officer' AND organisation_id IS NOT NULL"
    ).fetchone()
    home = persona[0] if persona else councils[0]
    return home, councils


def generate(conn, scale: Scale) -> dict[str, int]:
    """Carers (a fifth held by the bench CSC officer's council), cared-for people, contacts,
    referrals and assessments for `scale`."""
    n_carers, n_contacts = scale.carers, scale.contacts
    salt = scale.seed % 100_000
    home, councils = _councils(conn)
    officers = [row[0] for row in conn.execute("SELECT id FROM accounts_user ORDER BY id LIMIT 200")]
    reasons = [row[0] for row in conn.execute("SELECT id FROM carers_contactreason ORDER BY id")]
    conditions = [row[0] for row in conn.execute("SELECT id FROM carers_conditioncategory ORDER BY id")]
    base = conn.execute("SELECT COALESCE(max(id), 0) FROM carers_carer").fetchone()[0]
    contact_base = conn.execute("SELECT COALESCE(max(id), 0) FROM carers_contact").fetchone()[0]
    person_base = conn.execute("SELECT COALESCE(max(id), 0) FROM carers_caredforperson").fetchone()[0]

    conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
    conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    replica = _triggers_off(conn)
    index_definitions = _drop_indexes(conn)

    # Councils and their localities (with postcode districts), numbered 0..n-1 for the hash to pick.
    conn.execute("DROP TABLE IF EXISTS bench_council")
    conn.execute(
        "CREATE TEMP TABLE bench_council (idx int PRIMARY KEY, council_id int, areas int[], districts text[]) "
        "ON COMMIT DROP"
    )
    conn.execute(
        """
        INSERT INTO bench_council (idx, council_id, areas, districts)
        SELECT row_number() OVER (ORDER BY o.id) - 1, o.id,
               COALESCE(array_agg(a.id ORDER BY a.id) FILTER (WHERE a.level = 'locality'), '{}'),
               COALESCE(array_agg(a.postcode_districts ORDER BY a.id) FILTER (WHERE a.level = 'locality'), '{}')
        FROM accounts_organisation o LEFT JOIN accounts_area a ON a.council_id = o.id
        WHERE o.id = ANY(%s) GROUP BY o.id
        """,
        [councils],
    )
    home_idx = conn.execute("SELECT idx FROM bench_council WHERE council_id = %s", [home]).fetchone()[0]
    council_ids = [row[0] for row in conn.execute("SELECT council_id FROM bench_council ORDER BY idx")]
    n_councils = len(councils)

    heavy = min(HEAVY_CARERS, n_carers)
    step = max(n_carers // heavy, 1)

    def council_of(k: str) -> str:
        """Carer k's council index: a fifth belong to the bench persona's council, the rest spread
        out; the heavy carers (k = n, n - step, ...) all belong to the persona's council."""
        is_heavy = f"(({n_carers} - {k}) % {step} = 0 AND ({n_carers} - {k}) / {step} < {heavy})"
        return (
            f"(CASE WHEN {is_heavy} OR {_h(k, salt + 1)} % 5 = 0 THEN {home_idx} "
            f"ELSE {_h(k, salt + 2)} % {n_councils} END)"
        )

    # Contacts first, so that the carers' last-contact column is filled as they are written (no
    # million-row UPDATE afterwards; FK triggers are off). Skewed towards low carer numbers
    # (k = n·u^1.5: a few hundred for the first carers, a handful for most), plus 200 each for the
    # heavy carers near the end of the numbering.
    skewed = max(0, n_contacts - heavy * HEAVY_CONTACTS)
    carer_of = (
        f"(CASE WHEN i <= {skewed} THEN least({n_carers}, 1 + floor({n_carers} * power({_unit('i', salt + 20)}, 1.5)))"
        f"::bigint ELSE {n_carers} - ((i - {skewed} - 1) % {heavy}) * {step} END)"
    )
    total_contacts = skewed + heavy * HEAVY_CONTACTS
    officer = _pick(officers, "int", "x.i", salt + 23) if officers else "NULL"
    conn.execute(
        f"""
        INSERT INTO carers_contact (id, carer_id, caller_name, caller_phone, channel, contacted_at, officer_id,
            organisation_id, reason_id, advice_given, outcome, outcome_notes, created_at)
        SELECT {contact_base} + x.i, {base} + x.k, '', '', {_pick(CHANNELS, "text", "x.i", salt + 21)},
            timestamptz '{EPOCH}' - make_interval(secs => ({_h("x.i", salt + 22)} % 315360000)::float8),
            {officer}, ({_array(council_ids, "int")})[1 + {council_of("x.k")}],
            {_pick(reasons, "int", "x.i", salt + 24)},
            {_pick(ADVICE, "text", "x.i", salt + 25)}, {_pick(OUTCOMES, "text", "x.i", salt + 26)}, '',
            timestamptz '{EPOCH}'
        FROM (SELECT i, {carer_of} AS k FROM generate_series(1, {total_contacts}) AS i) x
        """
    )
    # The search columns each name gives, computed by the product's own functions once per name
    # (the names come from short lists), so that the rows hold what a save would have written.
    conn.execute("DROP TABLE IF EXISTS bench_name")
    conn.execute("CREATE TEMP TABLE bench_name (name text PRIMARY KEY, norm text, keys text) ON COMMIT DROP")
    with conn.cursor().copy("COPY bench_name (name, norm, keys) FROM STDIN") as copy:
        for name in sorted(set(FIRST_NAMES) | set(LAST_NAMES)):
            copy.write_row((name, normalise_name(name), " ".join(part_keys(name))))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    conn.execute(
        f"""
        INSERT INTO carers_carer (id, first_name, last_name, date_of_birth, phone, email, address, postcode, area_id,
            gp_practice, employment, is_parent_carer, is_kinship_carer, hours_band, identification_source,
            identified_on, consent_to_share, sex, ethnicity, disability, religion, sexual_orientation,
            organisation_id, status, search_name, search_phone, search_postcode, search_keys, last_contact_at,
            created_at, updated_at)
        SELECT {base} + s.k, s.first, s.last, s.dob, substr(s.digits, 1, 5) || ' ' || substr(s.digits, 6), '',
            (s.k % 200 + 1) || ' High Street', p.postcode, a.area_id, 'Bench Surgery ' || (s.k % 500),
            {_pick(EMPLOYMENT, "text", "s.k", salt + 3)},
            {_h("s.k", salt + 4)} % 10 = 0, {_h("s.k", salt + 5)} % 40 = 0,
            {_pick(HOURS, "text", "s.k", salt + 6)}, {_pick(SOURCES, "text", "s.k", salt + 7)},
            date '2016-04-01' + ({_h("s.k", salt + 8)} % 3650)::int, {_h("s.k", salt + 9)} % 5 <> 0,
            '', '', '', '', '', c.council_id, 'active', fn.norm || ' ' || ln.norm, s.digits, p.postcode,
            ' ' || fn.keys || ' ' || ln.keys || ' ', lc.last, timestamptz '{EPOCH}', timestamptz '{EPOCH}'
        FROM (
            SELECT k,
                {_pick(FIRST_NAMES, "text", "k", salt + 10)} AS first,
                {_pick(LAST_NAMES, "text", "k", salt + 11)} AS last,
                -- One carer in twelve with no date of birth, as on a real register ("age not known").
                CASE WHEN {_h("k", salt + 15)} % 12 = 0 THEN NULL
                     ELSE date '1930-01-01' + ({_h("k", salt + 12)} % 30000)::int END AS dob,
                '07' || lpad(({_h("k", salt + 13)} % 1000000000)::text, 9, '0') AS digits,
                {council_of("k")} AS council_idx,
                {_h("k", salt + 14)} AS spread
            FROM generate_series(1, {n_carers}) AS k
        ) s
        JOIN bench_council c ON c.idx = s.council_idx
        JOIN bench_name fn ON fn.name = s.first
        JOIN bench_name ln ON ln.name = s.last
        LEFT JOIN (
            SELECT carer_id - {base} AS k, max(contacted_at) AS last FROM carers_contact WHERE id > {contact_base}
            GROUP BY carer_id
        ) lc ON lc.k = s.k
        CROSS JOIN LATERAL (
            SELECT c.areas[1 + s.spread % greatest(cardinality(c.areas), 1)] AS area_id,
                   COALESCE(split_part(c.districts[1 + s.spread % greatest(cardinality(c.districts), 1)], ' ',
                       1 + (s.spread / 7 % 5)::int), '') AS district
        ) a
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.district = '' THEN ''
                        ELSE a.district || ' ' || (s.spread % 9 + 1)
                             || substr('{letters}', (s.spread / 11 % 20)::int + 1, 1)
                             || substr('{letters}', (s.spread / 231 % 20)::int + 1, 1) END AS postcode
        ) p
        """
    )

    # The search entries the triggers would have written (they are off here; ON CONFLICT in case
    # they were not: without the privilege to turn them off, the triggers wrote them).
    conn.execute(
        f"""
        INSERT INTO carers_carersearchentry (carer_id, organisation_id, search_name, search_keys)
        SELECT id, organisation_id, search_name, string_to_array(btrim(search_keys), ' ') FROM carers_carer
        WHERE id > {base} AND status = 'active' AND search_name <> '' ORDER BY id
        ON CONFLICT DO NOTHING
        """
    )

    # One contact in ten made a referral; most were closed two weeks later, the recent ones are open.
    recent = f"timestamptz '{EPOCH}' - interval '60 days'"
    conn.execute(
        f"""
        INSERT INTO carers_referral (contact_id, carer_id, organisation_id, kind, status, note, closed_at, created_at)
        SELECT ct.id, ct.carer_id, ct.organisation_id, {_pick(REFERRAL_KINDS, "text", "ct.id", salt + 30)},
            CASE WHEN ct.contacted_at < {recent} THEN 'closed' ELSE 'open' END, '',
            CASE WHEN ct.contacted_at < {recent} THEN ct.contacted_at + interval '14 days' END,
            ct.contacted_at
        FROM carers_contact ct
        WHERE ct.id > {contact_base} AND {_h("ct.id", salt + 31)} % 10 = 0
        """
    )
    # Three carers in ten were assessed (Devon's separate / joint / declined mix), reviewed a year on.
    assessor = _pick(officers, "int", "a.k", salt + 40) if officers else "NULL"
    conn.execute(
        f"""
        INSERT INTO carers_assessment (carer_id, assessment_type, assessed_on, assessor_id, outcome, eligible_needs,
            support_plan, support_provided, next_review_on, created_at)
        SELECT {base} + a.k, a.kind, a.day, {assessor},
            CASE WHEN a.kind = 'declined' THEN 'declined'
                 WHEN {_h("a.k", salt + 41)} % 3 = 0 THEN 'not_eligible' ELSE 'eligible' END,
            '', '', '', a.day + 365, timestamptz '{EPOCH}'
        FROM (
            SELECT k, {_pick(ASSESSMENT_TYPES, "text", "k", salt + 42)} AS kind,
                   date '2016-04-01' + ({_h("k", salt + 43)} % 3800)::int AS day
            FROM generate_series(1, {n_carers}) AS k WHERE {_h("k", salt + 44)} % 10 < 3
        ) a
        """
    )
    # Four carers in five care for someone recorded, with a relationship and a condition.
    conn.execute(
        f"""
        INSERT INTO carers_caredforperson (id, first_name, last_name, date_of_birth, notes, created_at)
        SELECT {person_base} + k, {_pick(FIRST_NAMES, "text", "k", salt + 50)},
            {_pick(LAST_NAMES, "text", "k", salt + 11)},
            date '1920-01-01' + ({_h("k", salt + 51)} % 36000)::int, '', timestamptz '{EPOCH}'
        FROM generate_series(1, {n_carers}) AS k
        WHERE {_h("k", salt + 52)} % 5 <> 0
        """
    )
    conn.execute(
        f"""
        INSERT INTO carers_caringrelationship (carer_id, cared_for_id, relationship, lives_with_carer, is_main_carer)
        SELECT {base} + (p.id - {person_base}), p.id, {_pick(RELATIONSHIPS, "text", "p.id", salt + 53)},
            {_h("p.id", salt + 54)} % 2 = 0, true
        FROM carers_caredforperson p WHERE p.id > {person_base}
        """
    )
    if conditions:
        conn.execute(
            f"""
            INSERT INTO carers_caredforperson_conditions (caredforperson_id, conditioncategory_id)
            SELECT p.id, {_pick(conditions, "int", "p.id", salt + 55)}
            FROM carers_caredforperson p WHERE p.id > {person_base}
            """
        )
    for definition in index_definitions:
        conn.execute(definition)
    if replica:
        conn.execute("SET LOCAL session_replication_role = DEFAULT")

    def count(table: str, where: str) -> int:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]

    return {
        "carers_carer": count("carers_carer", f"id > {base}"),
        "carers_contact": count("carers_contact", f"id > {contact_base}"),
        "carers_referral": count("carers_referral", f"contact_id > {contact_base}"),
        "carers_assessment": count("carers_assessment", f"carer_id > {base}"),
        "carers_caredforperson": count("carers_caredforperson", f"id > {person_base}"),
    }


def _triggers_off(conn) -> bool:
    """Switch FK triggers off for this transaction (superuser only); the rows written are
    consistent by construction, and 10,000,000 deferred FK checks would queue in memory."""
    conn.execute("SAVEPOINT bench_replica")
    try:
        conn.execute("SET LOCAL session_replication_role = replica")
    except Exception:  # noqa: BLE001 - without the privilege the triggers simply run
        conn.execute("ROLLBACK TO SAVEPOINT bench_replica")
        return False
    conn.execute("RELEASE SAVEPOINT bench_replica")
    return True


# What is measured lives in carers/bench_measure.py (changing it does not regenerate the data).
from carers.bench_measure import (  # noqa: E402, F401
    _QUALITY,
    CANDIDATE_SQL,
    NARROW_SQL,
    endpoints,
    misspell,
    quality,
)
