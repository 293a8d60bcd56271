"""The consultations part of `make bench`: events (a fifth held by the bench commissioner's
council), ten key messages an event, each tagged with one or two themes, and three actions per
ten messages — at full scale 100,000 events, 1,000,000 key messages and 300,000 actions (the
issue's figures). One event of the persona's council has 200 messages with their actions (the
event page's target). Written with INSERT ... SELECT over generate_series: no ORM saves."""

import hashlib

from accounts.choices import Role
from bench.spec import BenchContext, Endpoint, Scale

MESSAGES_PER_EVENT = 10
HEAVY_MESSAGES = 200
# The bench commissioner's calendar feed secret (its hash is what the table keeps).
FEED_TOKEN = "bench-calendar-feed-secret-not-for-production"  # noqa: S105 - the bench persona's, not a credential


def _home(conn) -> int | None:
    row = conn.execute(
        "SELECT organisation_id FROM accounts_user"
        " WHERE username = 'bench_commissioner' AND organisation_id IS NOT NULL"
    ).fetchone()
    if row:
        return row[0]
    row = conn.execute("SELECT id FROM accounts_organisation WHERE kind = 'council' ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def generate(conn, scale: Scale) -> dict[str, int]:
    """Events, key messages, their themes and actions for `scale` (events = the scale's contracts)."""
    home = _home(conn)
    if home is None:
        return {}
    n_events = max(scale.contracts, 10)
    councils = [r[0] for r in conn.execute("SELECT id FROM accounts_organisation WHERE kind = 'council' ORDER BY id")]
    owners = [r[0] for r in conn.execute("SELECT id FROM accounts_user ORDER BY id LIMIT 200")]
    themes = [r[0] for r in conn.execute("SELECT id FROM consultations_theme ORDER BY id")]
    if not owners or not themes:
        return {}
    event_base = conn.execute("SELECT COALESCE(max(id), 0) FROM consultations_consultationevent").fetchone()[0]
    message_base = conn.execute("SELECT COALESCE(max(id), 0) FROM consultations_keymessage").fetchone()[0]
    # Event k: a fifth (k % 5 = 0) are the persona's council's, the rest spread over every council.
    conn.execute(
        """
        INSERT INTO consultations_consultationevent
            (id, organisation_id, title, about, run_by_name, run_by_organisation, method, "when", starts_on,
             ends_on, recurrence, occurrence_count, audience, participants, eia_done, created_at)
        SELECT %(base)s + k,
               CASE WHEN k %% 5 = 0 THEN %(home)s
                    ELSE (%(councils)s::int[])[1 + k %% cardinality(%(councils)s::int[])] END,
               'Bench consultation ' || k, 'Consultation on carers services', 'Bench Officer', 'Commissioning',
               (ARRAY['meeting','email','postal_survey','online_survey','focus_groups',
                      'locality_meetings','workshop'])[1 + k %% 7],
               'date', DATE '2008-01-01' + (k * 7919 %% 6200), NULL, '', NULL,
               (ARRAY['carers','young_carers','providers','professionals'])[1 + k %% 4], k %% 120, k %% 3 = 0,
               TIMESTAMPTZ '2026-01-01 09:00+00'
        FROM generate_series(1, %(n)s) AS k
        """,
        {"base": event_base, "home": home, "councils": councils, "n": n_events},
    )
    n_messages = n_events * MESSAGES_PER_EVENT
    # Message m belongs to event 1 + m / 10; the heavy event (event 1, the persona's council's after
    # remapping below) takes the first 200.
    conn.execute(
        """
        INSERT INTO consultations_keymessage (id, event_id, text, created_at)
        SELECT %(mbase)s + m,
               %(ebase)s + CASE WHEN m <= %(heavy)s THEN 5 ELSE 1 + ((m - 1) / %(per)s) END,
               'Carers said better information is needed (' || m || ')', TIMESTAMPTZ '2026-01-01 09:00+00'
        FROM generate_series(1, %(n)s) AS m
        """,
        {
            "mbase": message_base,
            "ebase": event_base,
            "heavy": HEAVY_MESSAGES,
            "per": MESSAGES_PER_EVENT,
            "n": n_messages,
        },
    )
    conn.execute(
        """
        INSERT INTO consultations_keymessage_themes (keymessage_id, theme_id)
        SELECT %(mbase)s + m, (%(themes)s::int[])[1 + (m * 31) %% cardinality(%(themes)s::int[])]
        FROM generate_series(1, %(n)s) AS m
        UNION
        SELECT %(mbase)s + m, (%(themes)s::int[])[1 + (m * 17 + 3) %% cardinality(%(themes)s::int[])]
        FROM generate_series(1, %(n)s) AS m WHERE m %% 2 = 0
        """,
        {"mbase": message_base, "themes": themes, "n": n_messages},
    )
    n_actions = n_messages * 3 // 10
    # Due dates spread over four years around the day of the run (a year back, three ahead), so that
    # the calendar feed, which is relative to today, has a year of them at every scale.
    conn.execute(
        """
        INSERT INTO consultations_consultationaction
            (message_id, description, owner_id, due_on, status, response, updated_at)
        SELECT %(mbase)s + (a * 10 / 3), 'Review the information offer',
               (%(owners)s::int[])[1 + a %% cardinality(%(owners)s::int[])],
               CURRENT_DATE - 365 + (a * 7 %% 1500),
               (ARRAY['open','in_progress','done','not_taken'])[1 + a %% 4],
               CASE WHEN a %% 4 >= 2 THEN 'We published a new carers guide.' ELSE '' END,
               TIMESTAMPTZ '2026-01-01 09:00+00'
        FROM generate_series(1, %(n)s) AS a
        """,
        {"mbase": message_base, "owners": owners, "n": n_actions},
    )
    for table in ("consultationevent", "keymessage", "consultationaction"):
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('consultations_{table}', 'id'), "  # noqa: S608 - constant names
            f"(SELECT COALESCE(max(id), 1) FROM consultations_{table}))"
        )
    conn.execute("ANALYZE consultations_consultationevent")
    conn.execute("ANALYZE consultations_keymessage")
    conn.execute("ANALYZE consultations_keymessage_themes")
    conn.execute("ANALYZE consultations_consultationaction")
    themed = conn.execute("SELECT count(*) FROM consultations_keymessage_themes").fetchone()[0]
    return {
        "consultations_consultationevent": n_events,
        "consultations_keymessage": n_messages,
        "consultations_keymessage_themes": themed,
        "consultations_consultationaction": n_actions,
    }


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    home = _home(ctx.conn)
    heavy = ctx.conn.execute(
        "SELECT e.id FROM consultations_consultationevent e JOIN consultations_keymessage m ON m.event_id = e.id "
        "WHERE e.organisation_id = %s GROUP BY e.id ORDER BY count(*) DESC LIMIT 1",
        [home],
    ).fetchone()
    found = [
        Endpoint(
            "consultation themes page",
            Role.COMMISSIONER,
            ["/consultations/themes/"],
            floor=(
                "SELECT t.theme_id, count(DISTINCT t.keymessage_id), count(DISTINCT m.event_id) "
                "FROM consultations_keymessage_themes t JOIN consultations_keymessage m ON m.id = t.keymessage_id "
                "JOIN consultations_consultationevent e ON e.id = m.event_id WHERE e.organisation_id = %s "
                "GROUP BY t.theme_id"
            ),
            floor_params=[(home,)],
            target_p95_ms=200,
            max_queries=15,
        ),
        Endpoint("consultation events list", Role.COMMISSIONER, ["/consultations/"], max_queries=15),
        Endpoint("consultation actions (API)", Role.COMMISSIONER, ["/api/consultation-actions/"], max_queries=15),
    ]
    feed_owner = ctx.conn.execute("SELECT id FROM accounts_user WHERE username = 'bench_commissioner'").fetchone()
    if feed_owner:
        ctx.conn.execute(
            "INSERT INTO consultations_calendarfeedtoken (user_id, token_hash, created_at) VALUES (%s, %s, now()) "
            "ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash",
            [feed_owner[0], hashlib.sha256(FEED_TOKEN.encode()).hexdigest()],
        )
        found.append(
            Endpoint(
                "consultations iCalendar feed of a year",
                Role.COMMISSIONER,
                [f"/consultations/calendar/{FEED_TOKEN}.ics"],
                floor=(
                    "SELECT a.id, a.due_on, a.description, e.title, u.first_name, u.last_name "
                    "FROM consultations_consultationaction a "
                    "JOIN consultations_keymessage m ON m.id = a.message_id "
                    "JOIN consultations_consultationevent e ON e.id = m.event_id "
                    "JOIN accounts_user u ON u.id = a.owner_id "
                    "WHERE e.organisation_id = %s AND a.status IN ('open', 'in_progress') "
                    "AND a.due_on BETWEEN CURRENT_DATE - 31 AND CURRENT_DATE + 365 ORDER BY a.due_on, a.id LIMIT 2000"
                ),
                floor_params=[(home,)],
                target_p95_ms=150,
                max_queries=15,
            )
        )
    if heavy:
        found.append(
            Endpoint(
                "consultation event page (200 messages and their actions)",
                Role.COMMISSIONER,
                [f"/consultations/events/{heavy[0]}/"],
                floor=(
                    "SELECT m.id, m.text, a.id, a.description FROM consultations_keymessage m "
                    "LEFT JOIN consultations_consultationaction a ON a.message_id = m.id WHERE m.event_id = %s"
                ),
                floor_params=[(heavy[0],)],
                target_p95_ms=150,
                max_queries=20,
            )
        )
    return found
