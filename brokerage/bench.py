"""Brokerage's part of `make bench`: one open framework per bench council with admitted providers,
scale.packages call-offs (each with its personal budget and the care package it made) and
scale.bids bids spread over them; measured: a call-off's bid comparison page (p95 ≤ 150 ms, constant
queries) and the monitoring summary (≤ 500 ms). Rows are written by INSERT … SELECT in SQL."""

from accounts.choices import Role
from bench.spec import BenchContext, Endpoint, Scale, seed

EPOCH = "2026-11-01"
PROVIDERS = 12  # bids per call-off never exceed this: one bid per provider


def _home(conn) -> int | None:
    row = conn.execute(
        "SELECT organisation_id FROM accounts_user WHERE username = 'bench_brokerage_officer'"
    ).fetchone()
    if row and row[0]:
        return row[0]
    row = conn.execute("SELECT id FROM accounts_organisation WHERE kind = 'council' ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def _one(conn, sql: str, params=()) -> int:
    return conn.execute(sql, params).fetchone()[0]


def _base(conn, table: str) -> int:
    """The highest id so far: rows are written with explicit ids (the sequences are resynced by the
    harness only after every app has generated)."""
    return _one(conn, f"SELECT COALESCE(max(id), 0) FROM {table}")  # noqa: S608 - our table names


def generate(conn, scale: Scale) -> dict[str, int]:
    """Budgets, call-offs, bids and packages of the bench brokerage officer's council."""
    home = _home(conn)
    carers = conn.execute(
        "SELECT id FROM carers_carer WHERE organisation_id = %s ORDER BY id LIMIT 50000", [home]
    ).fetchall()
    if home is None or not carers:
        return {}
    seed(conn, scale, salt=15)
    carer_ids = [row[0] for row in carers]
    line = conn.execute("SELECT id FROM commissioning_serviceline ORDER BY id LIMIT 1").fetchone()
    if line is None:
        line = conn.execute(
            "INSERT INTO commissioning_serviceline (id, name, is_active, description) "
            "VALUES (%s, 'Specialist home and community support', true, '') RETURNING id",
            [_base(conn, "commissioning_serviceline") + 1],
        ).fetchone()
    line_id = line[0]
    band = conn.execute("SELECT id FROM brokerage_rasband ORDER BY id LIMIT 1").fetchone()
    if band is None:
        band = conn.execute(
            "INSERT INTO brokerage_rasband (id, name, is_active, indicative_weekly_amount) "
            "VALUES (%s, 'Bench band', true, 220.00) RETURNING id",
            [_base(conn, "brokerage_rasband") + 1],
        ).fetchone()
    band_id = band[0]
    providers = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM accounts_organisation WHERE kind = 'provider' ORDER BY id LIMIT %s", [PROVIDERS]
        )
    ]
    for n in range(len(providers), PROVIDERS):
        providers.append(
            _one(
                conn,
                "INSERT INTO accounts_organisation (id, name, kind, reference, address, email, phone, is_active, "
                "created_at, updated_at) VALUES (%s, %s, 'provider', '', '', '', '', true, %s, %s) RETURNING id",
                [_base(conn, "accounts_organisation") + 1, f"Bench provider {n}", EPOCH, EPOCH],
            )
        )
    framework = _one(
        conn,
        "INSERT INTO brokerage_framework (id, organisation_id, name, terms, is_active, created_at) "
        "VALUES (%s, %s, %s, '', true, %s) RETURNING id",
        [_base(conn, "brokerage_framework") + 1, home, f"Bench framework {scale.name} {scale.seed}", EPOCH],
    )
    conn.execute(
        "INSERT INTO brokerage_framework_categories (framework_id, serviceline_id) VALUES (%s, %s)",
        [framework, line_id],
    )
    window = _one(
        conn,
        "INSERT INTO brokerage_evaluationwindow (id, framework_id, opens_on, closes_on) "
        "VALUES (%s, %s, '2024-01-01', '2024-03-31') RETURNING id",
        [_base(conn, "brokerage_evaluationwindow") + 1, framework],
    )
    conn.execute(
        """
        WITH a AS (
          INSERT INTO brokerage_providerapplication (id, framework_id, window_id, provider_id, applied_on, status,
                 decided_on, decided_by_id, decision_reason)
          SELECT %s + i, %s, %s, p, '2024-02-01', 'admitted', '2024-02-20', NULL, ''
          FROM unnest(%s::int[]) WITH ORDINALITY AS u(p, i)
          RETURNING id)
        INSERT INTO brokerage_providerapplication_categories (id, providerapplication_id, serviceline_id)
        SELECT %s + row_number() OVER (ORDER BY id), id, %s FROM a
        """,
        [
            _base(conn, "brokerage_providerapplication"),
            framework,
            window,
            providers,
            _base(conn, "brokerage_providerapplication_categories"),
            line_id,
        ],
    )
    n = scale.packages
    budget_base = _one(conn, "SELECT COALESCE(max(id), 0) FROM brokerage_personalbudget")
    conn.execute(
        """
        INSERT INTO brokerage_personalbudget (id, organisation_id, carer_id, cared_for_id, ras_band_id,
               indicative_weekly, agreed_weekly, method, start_on, review_on, notes, created_at)
        SELECT %s + g, %s, (%s::int[])[1 + (g %% cardinality(%s::int[]))], NULL, %s, 220.00,
               round((120 + random() * 200)::numeric, 2), 'direct_payment',
               %s::date - (g %% 700)::int, %s::date - (g %% 700)::int + 365, '', %s
        FROM generate_series(1, %s) AS g
        """,
        [budget_base, home, carer_ids, carer_ids, band_id, EPOCH, EPOCH, EPOCH, n],
    )
    calloff_base = _one(conn, "SELECT COALESCE(max(id), 0) FROM brokerage_calloff")
    conn.execute(
        """
        INSERT INTO brokerage_calloff (id, organisation_id, framework_id, category_id, personal_budget_id, title,
               needs_summary, area_id, hours_per_week, indicative_weekly_budget, cost_weight, quality_weight,
               cost_formula, quality_questions, closes_at, status, created_at)
        SELECT %s + g, %s, %s, %s, %s + g, 'Bench call-off ' || g, 'Support with meals and getting out.', NULL,
               6 + (g %% 10), 220.00, 40, 60, 'lowest_pro_rata', '',
               %s::timestamptz - make_interval(days => g %% 700), 'awarded', %s::timestamptz
        FROM generate_series(1, %s) AS g
        """,
        [calloff_base, home, framework, line_id, budget_base, EPOCH, EPOCH, n],
    )
    per = max(1, min(PROVIDERS, scale.bids // n))
    bid_base = _one(conn, "SELECT COALESCE(max(id), 0) FROM brokerage_bid")
    conn.execute(
        """
        INSERT INTO brokerage_bid (id, calloff_id, provider_id, weekly_price, hours_per_week, proposal, answers,
               received_at, quality_score, suitable, suitability_reason, checked_by_id)
        SELECT %s + (g - 1) * %s + k, %s + g, (%s::int[])[k], round((90 + random() * 220)::numeric, 2),
               6 + (g %% 10), 'Bench proposal', '', %s::timestamptz - make_interval(days => g %% 700, hours => k),
               round((random() * 100)::numeric, 2), (k %% 5 <> 0), '', NULL
        FROM generate_series(1, %s) AS g, generate_series(1, %s) AS k
        """,
        [bid_base, per, calloff_base, providers, EPOCH, n, per],
    )
    conn.execute(
        """
        INSERT INTO brokerage_carepackage (id, organisation_id, personal_budget_id, framework_id, category_id,
               calloff_id, bid_id, provider_id, hours_per_week, weekly_cost, start_on, review_on, status,
               choice_reason, created_at)
        SELECT %s + c.id - %s, %s, c.personal_budget_id, %s, %s, c.id, b.id, b.provider_id, b.hours_per_week,
               b.weekly_price,
               c.closes_at::date + 7, c.closes_at::date + 187 + (c.id %% 200)::int,
               CASE WHEN c.id %% 10 = 0 THEN 'ended' ELSE 'active' END, '', %s
        FROM brokerage_calloff c
        JOIN brokerage_bid b ON b.id = %s + (c.id - %s - 1) * %s + 1
        WHERE c.id > %s AND c.id <= %s + %s
        """,
        [
            _base(conn, "brokerage_carepackage"),
            calloff_base,
            home,
            framework,
            line_id,
            EPOCH,
            bid_base,
            calloff_base,
            per,
            calloff_base,
            calloff_base,
            n,
        ],
    )
    for table in ("personalbudget", "calloff", "bid", "carepackage"):
        conn.execute(f"ANALYZE brokerage_{table}")  # noqa: S608 - our table names
    return {
        "brokerage_personalbudget": n,
        "brokerage_calloff": n,
        "brokerage_bid": n * per,
        "brokerage_carepackage": n,
    }


COMPARISON_FLOOR = """
SELECT b.id, b.weekly_price, b.quality_score, o.name,
       (SELECT min(x.weekly_price) FROM brokerage_bid x WHERE x.calloff_id = b.calloff_id
        AND x.suitable IS DISTINCT FROM false) * c.cost_weight / b.weekly_price
       + COALESCE(b.quality_score, 0) * c.quality_weight / 100 AS total
FROM brokerage_bid b JOIN brokerage_calloff c ON c.id = b.calloff_id
JOIN accounts_organisation o ON o.id = b.provider_id
WHERE b.calloff_id = %s ORDER BY total DESC
"""

MONITORING_FLOOR = """
SELECT p.provider_id, count(*), sum(p.hours_per_week), sum(p.weekly_cost), sum(pb.agreed_weekly)
FROM brokerage_carepackage p JOIN brokerage_personalbudget pb ON pb.id = p.personal_budget_id
WHERE p.organisation_id = %s AND p.status = 'active' GROUP BY p.provider_id
"""


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    conn = ctx.conn
    home = _home(conn)
    calloffs = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM brokerage_calloff WHERE organisation_id = %s ORDER BY id DESC LIMIT 20", [home]
        )
    ]
    if not calloffs:
        return []
    return [
        Endpoint(
            "call-off bid comparison (page)",
            Role.BROKERAGE_OFFICER,
            [f"/brokerage/call-offs/{pk}/" for pk in calloffs],
            floor=COMPARISON_FLOOR,
            floor_params=[(pk,) for pk in calloffs],
            target_p95_ms=150,
            max_queries=20,
        ),
        Endpoint(
            "call-off bids ranked (API)",
            Role.BROKERAGE_OFFICER,
            [f"/api/call-offs/{pk}/bids/" for pk in calloffs],
            floor=COMPARISON_FLOOR,
            floor_params=[(pk,) for pk in calloffs],
            json=True,
            target_p95_ms=150,
            max_queries=20,
        ),
        Endpoint(
            "brokerage monitoring summary (page)",
            Role.BROKERAGE_OFFICER,
            ["/brokerage/monitoring/"],
            floor=MONITORING_FLOOR,
            floor_params=[(home,)],
            target_p95_ms=500,
            max_queries=20,
        ),
    ]
