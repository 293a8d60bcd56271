"""Commissioning's part of the benchmark (bench/spec.py).

The contracts register: scale.contracts contracts over every council, a tenth of them the bench
commissioner's, ends spread over ten years, each with a service line; one contract of the
commissioner's with 50 amendments and 200 KPI returns. The OCDS export of every contract is
measured as a command in its own process (rows per second, peak RSS under 200 MB: issue 14) and
a page of it through the API.

The procurement pipeline (issue 14): scale.procurements procurements over every council (a tenth
the bench commissioner's council's, another tenth run for it by another council), spread over
every route and stage, each with scale.lots / scale.procurements lots; scale.tender_bids bidders
spread evenly over the lots, half of each lot's bidders having submitted a tender; each lot has
quality criteria and a price criterion, and every submitted tender is scored on every quality
criterion by two evaluators, scale.scores scores in all; procurements at evaluation or later
have the agreed (moderated) scores too. On top of those, one "heavy" lot of the commissioner's,
at evaluation, with 30 submitted tenders x 10 quality criteria x 3 evaluators (900 scores, 300
agreed) at every scale: the lot the evaluation page is measured on. Every row is written by
INSERT ... SELECT over generate_series, with explicit ids (the harness resyncs the sequences).
"""

import json
import re
from decimal import Decimal

from accounts.choices import Role
from bench.spec import BenchContext, CommandExport, Endpoint, Scale, seed
from commissioning.choices import ProcurementRoute, Stage

EPOCH = "2026-01-01 00:00:00+00"
HEAVY_AMENDMENTS = 50
HEAVY_RETURNS = 200  # 4 KPIs x 50 quarterly returns

STAGES = [stage.value for stage in Stage]
ROUTES = [route.value for route in ProcurementRoute]
# Stages at which a lot's tenders have been moderated to agreed scores.
MODERATED = [Stage.EVALUATION, Stage.AWARD_DECISION, Stage.STANDSTILL, Stage.MOBILISATION, Stage.LIVE]
EVALUATORS_PER_LOT = 2
MAX_CRITERIA = 10  # quality criteria per ordinary lot
QUALITY_WEIGHT = Decimal(70)  # the quality criteria share 70%; price has the other 30%
PRICE_WEIGHT = Decimal(30)
HEAVY_REFERENCE = "BENCH-HEAVY-EVAL"
HEAVY_BIDDERS, HEAVY_CRITERIA, HEAVY_EVALUATORS = 30, 10, 3


def _home(conn) -> int | None:
    row = conn.execute(
        "SELECT organisation_id FROM accounts_user "
        "WHERE username = 'bench_commissioner' AND organisation_id IS NOT NULL"
    ).fetchone()
    return row[0] if row else None


def generate(conn, scale: Scale) -> dict[str, int]:
    seed(conn, scale, salt=12)
    councils = [r[0] for r in conn.execute("SELECT id FROM accounts_organisation WHERE kind = 'council' ORDER BY id")]
    providers = [
        r[0] for r in conn.execute("SELECT id FROM accounts_organisation WHERE kind <> 'council' ORDER BY id LIMIT 500")
    ] or councils
    home = _home(conn) or councils[0]
    line = conn.execute("SELECT id FROM commissioning_serviceline ORDER BY id LIMIT 1").fetchone()
    n = scale.contracts
    # One INSERT ... SELECT: a tenth accountable to the commissioner's council, the rest spread.
    conn.execute(
        """
        INSERT INTO commissioning_contract (reference, title, provider_id, accountable_body_id, total_value,
            annual_value, start_date, initial_end_date, extension_options, notice_period_months, tupe_applies,
            status, next_review_date, review_frequency, lot, description, created_at)
        SELECT 'BENCH-' || g, 'Carers support service ' || g,
            (%(providers)s::bigint[])[1 + (g %% cardinality(%(providers)s::bigint[]))],
            CASE WHEN g %% 10 = 0 THEN %(home)s
                ELSE (%(councils)s::bigint[])[1 + (g %% cardinality(%(councils)s::bigint[]))] END,
            (50000 + (g %% 950) * 1000)::numeric * 3, (50000 + (g %% 950) * 1000)::numeric,
            DATE '2020-04-01' + (g %% 2000), DATE '2026-12-01' + (g %% 3650),
            (ARRAY['', '12', '24', '12 12'])[1 + g %% 4], 3 + (g %% 4) * 3, g %% 7 = 0,
            CASE WHEN g %% 50 = 0 THEN 'terminated' ELSE 'live' END,
            DATE '2027-01-01' + (g %% 365), 'quarterly', '', '', %(epoch)s
        FROM generate_series(1, %(n)s) AS g
        """,
        {"providers": providers, "home": home, "councils": councils, "n": n, "epoch": EPOCH},
    )
    written = {"commissioning_contract": n}
    if line:
        cur = conn.execute(
            "INSERT INTO commissioning_contract_service_lines (contract_id, serviceline_id) "
            "SELECT id, %s FROM commissioning_contract WHERE reference LIKE 'BENCH-%%'",
            [line[0]],
        )
        written["commissioning_contract_service_lines"] = cur.rowcount
    heavy = conn.execute(
        "SELECT id FROM commissioning_contract WHERE accountable_body_id = %s AND reference LIKE 'BENCH-%%' "
        "ORDER BY id LIMIT 1",
        [home],
    ).fetchone()
    if heavy:
        cur = conn.execute(
            """
            INSERT INTO commissioning_contractamendment (contract_id, sequence, kind, effective_on, rationale,
                end_before, end_after, total_before, total_after, annual_before, annual_after, scope_before,
                scope_after, option_months, decision_maker, decision_body, decided_on, decision_reference,
                notice_kind, notice_published_on, recorded_at)
            SELECT %s, s, 'scope', DATE '2021-01-01' + s * 7, 'Benchmark variation ' || s, NULL, NULL, NULL, NULL,
                NULL, NULL, '', 'Scope ' || s, NULL, '', '', NULL, '', 'UK10', DATE '2021-01-01' + s * 7, %s
            FROM generate_series(1, %s) AS s
            """,
            [heavy[0], EPOCH, HEAVY_AMENDMENTS],
        )
        written["commissioning_contractamendment"] = cur.rowcount
        kpis = [
            conn.execute(
                "INSERT INTO commissioning_contractkpi (contract_id, name, target, frequency, next_return_due) "
                "VALUES (%s, %s, '95%%', 'quarterly', DATE '2027-01-31') RETURNING id",
                [heavy[0], f"Benchmark KPI {k}"],
            ).fetchone()[0]
            for k in range(4)
        ]
        cur = conn.execute(
            """
            INSERT INTO commissioning_kpireturn (kpi_id, period_end, actual, rating, comment, recorded_at)
            SELECT k, DATE '2010-03-31' + (r * 91), (80 + r %% 20) || '%%',
                (ARRAY['good', 'approaching', 'requires_improvement', 'inadequate'])[1 + r %% 4], '', %s
            FROM unnest(%s::bigint[]) AS k, generate_series(1, %s) AS r
            """,
            [EPOCH, kpis, HEAVY_RETURNS // 4],
        )
        written["commissioning_kpireturn"] = cur.rowcount
    if scale.procurements:
        written.update(_procurements(conn, scale, home, councils, line[0] if line else None))
    return written


def _one(conn, sql: str, params=()) -> int:
    return conn.execute(sql, params).fetchone()[0]


def _base(conn, table: str) -> int:
    """The highest id so far: rows are written with explicit ids, so that each lot's bids,
    criteria and scores are found by arithmetic rather than by lookups."""
    return _one(conn, f"SELECT COALESCE(max(id), 0) FROM {table}")  # noqa: S608 - our table names


def _bidder_pool(conn, size: int) -> list[int]:
    """At least `size` providers and voluntary organisations to bid (one bid each per lot):
    the generated ones, topped up with bench tenderers where there are too few."""
    pool = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM accounts_organisation WHERE kind IN ('provider', 'voluntary') ORDER BY id LIMIT %s",
            [max(size, 200)],
        )
    ]
    missing = size - len(pool)
    if missing > 0:
        base = _base(conn, "accounts_organisation")
        conn.execute(
            "INSERT INTO accounts_organisation (id, name, kind, reference, address, email, phone, is_active, "
            "created_at, updated_at) SELECT %s + g, 'Bench tenderer ' || g, 'provider', '', '', '', '', true, "
            "%s, %s FROM generate_series(1, %s) AS g",
            [base, EPOCH, EPOCH, missing],
        )
        pool += list(range(base + 1, base + missing + 1))
    return pool


def _weights(criteria: int) -> tuple[Decimal, Decimal]:
    """Each quality criterion's weight and the first one's (which takes the rounding), so that
    the quality weights add up to exactly 70."""
    each = (QUALITY_WEIGHT / criteria).quantize(Decimal("0.01"))
    return each, QUALITY_WEIGHT - each * (criteria - 1)


def _lot_rows(
    conn,
    *,
    first_lot: int,
    lots: int,
    bids: int,
    submitted: int,
    criteria: int,
    evaluators: list[int],
    per_lot_evaluators: int,
    pool: list[int],
) -> dict[str, int]:
    """Bids, criteria and scores of the lots first_lot + 1 .. first_lot + lots (contiguous ids).
    Lot l's bid k is bid_base + (l - 1) * bids + k (the first `submitted` of them submitted, with
    a price); its criterion c is criterion_base + (l - 1) * (criteria + 1) + c (the last one
    price); bidders and evaluators are taken round the pools, so none repeats on a lot."""
    bid_base = _base(conn, "commissioning_bid")
    conn.execute(
        """
        INSERT INTO commissioning_bid (id, status, exclusion_reason, shortlisted_on, price, updated_at, bidder_id,
            lot_id)
        SELECT %(bid_base)s + (l.id - %(first_lot)s - 1) * %(bids)s + k,
            CASE WHEN k <= %(submitted)s THEN 'submitted'
                ELSE (ARRAY['invited', 'withdrawn', 'excluded', 'expressed_interest', 'shortlisted'])
                    [1 + (k - %(submitted)s - 1) %% 5] END,
            CASE WHEN k > %(submitted)s AND (k - %(submitted)s - 1) %% 5 = 2
                THEN 'Did not meet the selection criteria.' ELSE '' END,
            CASE WHEN k <= %(submitted)s OR (k - %(submitted)s - 1) %% 5 IN (0, 1, 4)
                THEN DATE '2025-06-01' + (l.id %% 300)::int END,
            CASE WHEN k <= %(submitted)s THEN round(l.value * (0.8 + random() * 0.4)::numeric, 2) END,
            %(epoch)s,
            (%(pool)s::bigint[])[1 + (l.id + k) %% cardinality(%(pool)s::bigint[])],
            l.id
        FROM commissioning_lot l, generate_series(1, %(bids)s) AS k
        WHERE l.id > %(first_lot)s AND l.id <= %(first_lot)s + %(lots)s
        """,
        {
            "bid_base": bid_base,
            "first_lot": first_lot,
            "lots": lots,
            "bids": bids,
            "submitted": submitted,
            "epoch": EPOCH,
            "pool": pool,
        },
    )
    criterion_base = _base(conn, "commissioning_criterion")
    each, first = _weights(criteria)
    conn.execute(
        """
        INSERT INTO commissioning_criterion (id, name, kind, weight, scale_max, price_formula, position, parent_id,
            lot_id)
        SELECT %(base)s + (l - 1) * (%(criteria)s + 1) + c,
            CASE WHEN c <= %(criteria)s THEN 'Quality question ' || c ELSE 'Price' END,
            CASE WHEN c <= %(criteria)s THEN 'quality' ELSE 'price' END,
            CASE WHEN c > %(criteria)s THEN %(price)s WHEN c = 1 THEN %(first)s ELSE %(each)s END,
            5, CASE WHEN c > %(criteria)s THEN (ARRAY['lowest', 'average'])[1 + l %% 2] ELSE '' END,
            c, NULL, %(first_lot)s + l
        FROM generate_series(1, %(lots)s) AS l, generate_series(1, %(criteria)s + 1) AS c
        """,
        {
            "base": criterion_base,
            "criteria": criteria,
            "price": PRICE_WEIGHT,
            "first": first,
            "each": each,
            "first_lot": first_lot,
            "lots": lots,
        },
    )
    score_base = _base(conn, "commissioning_score")
    per = per_lot_evaluators
    cur = conn.execute(
        """
        INSERT INTO commissioning_score (id, score, comment, bid_id, criterion_id, evaluator_id)
        SELECT %(base)s + (((l - 1) * %(submitted)s + s - 1) * %(criteria)s + c - 1) * %(per)s + e,
            floor(random() * 6), '',
            %(bid_base)s + (l - 1) * %(bids)s + s,
            %(criterion_base)s + (l - 1) * (%(criteria)s + 1) + c,
            (%(evaluators)s::bigint[])[1 + (l + e) %% cardinality(%(evaluators)s::bigint[])]
        FROM generate_series(1, %(lots)s) AS l, generate_series(1, %(submitted)s) AS s,
            generate_series(1, %(criteria)s) AS c, generate_series(1, %(per)s) AS e
        """,
        {
            "base": score_base,
            "submitted": submitted,
            "criteria": criteria,
            "per": per,
            "bid_base": bid_base,
            "bids": bids,
            "criterion_base": criterion_base,
            "evaluators": evaluators,
            "lots": lots,
        },
    )
    scores = cur.rowcount
    # The agreed score: the evaluators' average, moderated by the first of them, on the lots of
    # procurements at evaluation or later.
    cur = conn.execute(
        """
        INSERT INTO commissioning_agreedscore (id, score, note, moderated_by_id, bid_id, criterion_id)
        SELECT %(base)s + row_number() OVER (ORDER BY s.bid_id, s.criterion_id), round(avg(s.score)), '',
            min(s.evaluator_id), s.bid_id, s.criterion_id
        FROM commissioning_score s
        JOIN commissioning_bid b ON b.id = s.bid_id
        JOIN commissioning_lot l ON l.id = b.lot_id
        JOIN commissioning_procurement p ON p.id = l.procurement_id
        WHERE s.id > %(score_base)s AND p.stage = ANY(%(moderated)s)
        GROUP BY s.bid_id, s.criterion_id
        """,
        {
            "base": _base(conn, "commissioning_agreedscore"),
            "score_base": score_base,
            "moderated": [str(stage) for stage in MODERATED],
        },
    )
    return {
        "commissioning_bid": lots * bids,
        "commissioning_criterion": lots * (criteria + 1),
        "commissioning_score": scores,
        "commissioning_agreedscore": cur.rowcount,
    }


def _add(written: dict[str, int], more: dict[str, int]) -> None:
    for table, count in more.items():
        written[table] = written.get(table, 0) + count


def _procurements(conn, scale: Scale, home: int, councils: list[int], line: int | None) -> dict[str, int]:
    """The pipeline's procurements, lots, bidders, criteria and scores, then the heavy lot."""
    n = scale.procurements
    lots_per = max(1, scale.lots // n)
    lots = n * lots_per
    bids_per = max(1, scale.tender_bids // lots)
    submitted = max(1, bids_per // 2)
    criteria = max(1, min(MAX_CRITERIA, scale.scores // (lots * submitted * EVALUATORS_PER_LOT)))
    pool = _bidder_pool(conn, max(bids_per, HEAVY_BIDDERS))
    commissioners = [
        row[0]
        for row in conn.execute(
            "SELECT u.id FROM accounts_user u JOIN accounts_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = %s AND u.organisation_id = %s ORDER BY u.id",
            [Role.COMMISSIONER.value, home],
        )
    ]
    users = [row[0] for row in conn.execute("SELECT id FROM accounts_user ORDER BY id LIMIT 200")]
    procurement_base = _base(conn, "commissioning_procurement")
    # Home's procurements are those with g % 10 = 0; the routes and stages are hashed so that
    # home's (and everyone's) cover every route and every stage.
    conn.execute(
        """
        INSERT INTO commissioning_procurement (id, reference, title, route, stage, estimated_value, tupe_applies,
            eia_done, exemption_approval, exemption_approved_on, standstill_ends_on, cancellation_reason,
            description, created_at, lead_organisation_id, organisation_id, owner_id)
        SELECT %(base)s + g, 'BENCH-PROC-' || g, 'Carers support services ' || g, route, stage,
            %(lots_per)s * (50000 + (g %% 950) * 1000)::numeric * 3, g %% 3 = 0, g %% 2 = 0,
            CASE WHEN route = 'exemption' THEN 'Cabinet approval BENCH-EX-' || g ELSE '' END,
            CASE WHEN route = 'exemption' THEN DATE '2025-03-01' + (g %% 300) END,
            CASE WHEN stage IN ('standstill', 'mobilisation', 'live') THEN DATE '2025-09-01' + (g %% 300) END,
            CASE WHEN stage = 'cancelled' THEN 'The market did not respond.' ELSE '' END,
            '', %(epoch)s::timestamptz + make_interval(mins => g),
            CASE WHEN route = 'collaborative' THEN org END, org,
            CASE WHEN org = %(home)s AND cardinality(%(owners)s::bigint[]) > 0
                THEN (%(owners)s::bigint[])[1 + (g / 10) %% cardinality(%(owners)s::bigint[])] END
        FROM (
            SELECT g,
                (%(routes)s::text[])[1 + (g / 10 + g) %% cardinality(%(routes)s::text[])] AS route,
                (%(stages)s::text[])[1 + (g / 10 * 3 + g) %% cardinality(%(stages)s::text[])] AS stage,
                CASE WHEN g %% 10 = 0 THEN %(home)s
                    ELSE (%(councils)s::bigint[])[1 + (g %% cardinality(%(councils)s::bigint[]))] END AS org
            FROM generate_series(1, %(n)s) AS g
        ) AS spread
        """,
        {
            "base": procurement_base,
            "lots_per": lots_per,
            "epoch": EPOCH,
            "home": home,
            "owners": commissioners,
            "routes": ROUTES,
            "stages": STAGES,
            "councils": councils,
            "n": n,
        },
    )
    written = {"commissioning_procurement": n}
    # A tenth more are another council's, run for the commissioner's council too (it reads them).
    cur = conn.execute(
        "INSERT INTO commissioning_procurement_run_for (procurement_id, organisation_id) "
        "SELECT id, %s FROM commissioning_procurement WHERE id > %s AND organisation_id <> %s AND id %% 10 = 5",
        [home, procurement_base, home],
    )
    written["commissioning_procurement_run_for"] = cur.rowcount
    lot_base = _base(conn, "commissioning_lot")
    conn.execute(
        """
        INSERT INTO commissioning_lot (id, number, title, value, term_months, extension_options, description,
            awarded_on, award_decision_body, award_decided_on, award_decision_reference, awarded_bid_id,
            contract_id, procurement_id)
        SELECT %(base)s + (g - 1) * %(per)s + k, k, 'Lot ' || k || ': carers support', p.estimated_value / %(per)s,
            36, (ARRAY['', '12', '24', '12 12'])[1 + g %% 4], '', NULL, '', NULL, '', NULL, NULL, p.id
        FROM commissioning_procurement p, generate_series(1, %(per)s) AS k,
            LATERAL (SELECT p.id - %(pbase)s AS g) AS i
        WHERE p.id > %(pbase)s AND p.id <= %(pbase)s + %(n)s
        """,
        {"base": lot_base, "per": lots_per, "pbase": procurement_base, "n": n},
    )
    written["commissioning_lot"] = lots
    _add(
        written,
        _lot_rows(
            conn,
            first_lot=lot_base,
            lots=lots,
            bids=bids_per,
            submitted=submitted,
            criteria=criteria,
            evaluators=users,
            per_lot_evaluators=min(EVALUATORS_PER_LOT, len(users)),
            pool=pool,
        ),
    )
    _add(written, _heavy_lot(conn, home, commissioners, users, pool))
    if line is not None:
        cur = conn.execute(
            "INSERT INTO commissioning_procurement_service_lines (procurement_id, serviceline_id) "
            "SELECT id, %s FROM commissioning_procurement WHERE id > %s",
            [line, procurement_base],
        )
        written["commissioning_procurement_service_lines"] = cur.rowcount
    return written


def _heavy_lot(conn, home: int, commissioners: list[int], users: list[int], pool: list[int]) -> dict[str, int]:
    """The commissioner's procurement at evaluation with one lot of 30 submitted tenders, 10
    quality criteria and a price criterion, scored by 3 evaluators of the council."""
    procurement = _base(conn, "commissioning_procurement") + 1
    owner = commissioners[0] if commissioners else None
    conn.execute(
        "INSERT INTO commissioning_procurement (id, reference, title, route, stage, estimated_value, tupe_applies, "
        "eia_done, exemption_approval, exemption_approved_on, standstill_ends_on, cancellation_reason, description, "
        "created_at, lead_organisation_id, organisation_id, owner_id) VALUES (%s, %s, "
        "'Carers support service: evaluation of 30 tenders', 'open', 'evaluation', 3000000, false, true, '', NULL, "
        "NULL, '', '', %s, NULL, %s, %s)",
        [procurement, HEAVY_REFERENCE, EPOCH, home, owner],
    )
    lot = _base(conn, "commissioning_lot")
    conn.execute(
        "INSERT INTO commissioning_lot (id, number, title, value, term_months, extension_options, description, "
        "awarded_on, award_decision_body, award_decided_on, award_decision_reference, awarded_bid_id, contract_id, "
        "procurement_id) VALUES (%s, 1, 'Carers support service (county-wide)', 3000000, 36, '24', '', NULL, '', "
        "NULL, '', NULL, NULL, %s)",
        [lot + 1, procurement],
    )
    evaluators = (commissioners + [u for u in users if u not in commissioners])[:HEAVY_EVALUATORS]
    rows = _lot_rows(
        conn,
        first_lot=lot,
        lots=1,
        bids=HEAVY_BIDDERS,
        submitted=HEAVY_BIDDERS,
        criteria=HEAVY_CRITERIA,
        evaluators=evaluators,
        per_lot_evaluators=len(evaluators),
        pool=pool,
    )
    return {"commissioning_procurement": 1, "commissioning_lot": 1, **rows}


# The register's rows for a council: the floor of the filtered page and the export.
_REGISTER = (
    "SELECT c.id, c.reference, c.title, o.name, c.initial_end_date, c.annual_value, c.total_value "
    "FROM commissioning_contract c JOIN accounts_organisation o ON o.id = c.provider_id "
    "WHERE c.accountable_body_id = %s AND c.status = 'live' "
    "AND c.initial_end_date BETWEEN CURRENT_DATE AND CURRENT_DATE + interval '6 months' "
    "ORDER BY c.initial_end_date, c.id LIMIT 50"
)


def _export_floor(home: int | None) -> tuple[str, tuple]:
    """The export's own query, unformatted: the register's rows as the selector reads them (current
    end and values from the amendments, the partners' contracts), its columns, its order. Built
    from the selector, as a stand-in commissioner of `home`, so that the floor cannot drift."""
    from accounts.models import User
    from commissioning import selectors
    from commissioning.exports import CONTRACT_EXPORT_COLUMNS

    commissioner = User(username="bench floor", organisation_id=home)
    queryset = selectors.contract_list(commissioner).order_by("current_end", "id")
    sql, params = queryset.values_list(*[column.source for column in CONTRACT_EXPORT_COLUMNS]).query.sql_with_params()
    return sql, tuple(params)


# The pipeline board's rows: what the commissioner's council keeps or is a partner to, each
# stage's count and its newest 25 (filtered by owner and/or route in the filtered variants).
_BOARD = (
    "SELECT id, reference, title, route, stage, owner_id, estimated_value, n FROM ("
    "SELECT p.id, p.reference, p.title, p.route, p.stage, p.owner_id, p.estimated_value, "
    "row_number() OVER (PARTITION BY p.stage ORDER BY p.id DESC) AS r, count(*) OVER (PARTITION BY p.stage) AS n "
    "FROM commissioning_procurement p WHERE (p.organisation_id = %s OR EXISTS (SELECT 1 FROM "
    "commissioning_procurement_run_for f WHERE f.procurement_id = p.id AND f.organisation_id = %s)) {extra}"
    ") AS board WHERE r <= 25"
)
# The evaluation page's data: the lot's submitted bids with their weighted quality totals and
# rank, and every evaluator's score of each.
_EVALUATION = (
    "WITH totals AS (SELECT b.id, o.name, COALESCE(sum(a.score * c.weight / c.scale_max), 0) AS quality "
    "FROM commissioning_bid b JOIN accounts_organisation o ON o.id = b.bidder_id "
    "LEFT JOIN commissioning_agreedscore a ON a.bid_id = b.id "
    "LEFT JOIN commissioning_criterion c ON c.id = a.criterion_id AND c.kind = 'quality' "
    "WHERE b.lot_id = %s AND b.status = 'submitted' GROUP BY b.id, o.name), "
    "ranked AS (SELECT *, rank() OVER (ORDER BY quality DESC) AS rank FROM totals) "
    "SELECT r.id, r.name, r.quality, r.rank, s.criterion_id, u.first_name, u.last_name, s.score "
    "FROM ranked r JOIN commissioning_score s ON s.bid_id = r.id JOIN accounts_user u ON u.id = s.evaluator_id "
    "ORDER BY r.rank, r.id"
)


def _pipeline_endpoints(ctx: BenchContext, home: int | None) -> list[Endpoint]:
    """The pipeline board (all, by owner, by route, by both) and the heavy lot's evaluation page."""
    found = []
    owner = ctx.conn.execute("SELECT id FROM accounts_user WHERE username = 'bench_commissioner'").fetchone()
    if home is not None and owner is not None:
        found.append(
            Endpoint(
                "procurement pipeline board",
                Role.COMMISSIONER,
                ["/commissioning/procurements/"],
                floor=_BOARD.format(extra=""),
                floor_params=[(home, home)],
                target_p95_ms=150,
                max_queries=15,
            )
        )
        found.append(
            Endpoint(
                "procurement pipeline board by owner and route",
                Role.COMMISSIONER,
                [
                    f"/commissioning/procurements/?owner={owner[0]}",
                    "/commissioning/procurements/?route=open",
                    f"/commissioning/procurements/?owner={owner[0]}&route=restricted",
                ],
                floors=[
                    _BOARD.format(extra="AND p.owner_id = %s"),
                    _BOARD.format(extra="AND p.route = %s"),
                    _BOARD.format(extra="AND p.owner_id = %s AND p.route = %s"),
                ],
                floor_params=[(home, home, owner[0]), (home, home, "open"), (home, home, owner[0], "restricted")],
                target_p95_ms=150,
                max_queries=15,
            )
        )
    heavy = ctx.conn.execute(
        "SELECT l.id FROM commissioning_lot l JOIN commissioning_procurement p ON p.id = l.procurement_id "
        "WHERE p.reference = %s ORDER BY l.id DESC LIMIT 1",
        [HEAVY_REFERENCE],
    ).fetchone()
    if heavy:
        found.append(
            Endpoint(
                "lot evaluation page, 30 bidders x 10 criteria x 3 evaluators",
                Role.COMMISSIONER,
                [f"/commissioning/lots/{heavy[0]}/evaluation/"],
                floor=_EVALUATION,
                floor_params=[(heavy[0],)],
                target_p95_ms=150,
                max_queries=15,
            )
        )
    return found


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    """The register filtered to "expiring within 6 months", a contract page with 50 amendments and
    200 KPI returns, the register's CSV export, the register through the API, the procurement
    pipeline board (and filtered by owner and route) and a heavy lot's evaluation page."""
    home = _home(ctx.conn)
    export_sql, export_params = _export_floor(home)
    heavy = ctx.conn.execute(
        "SELECT contract_id FROM commissioning_contractamendment GROUP BY contract_id "
        "HAVING count(*) >= %s ORDER BY contract_id LIMIT 1",
        [HEAVY_AMENDMENTS],
    ).fetchone()
    found = [
        Endpoint(
            "contracts register, expiring within 6 months",
            Role.COMMISSIONER,
            [
                "/commissioning/contracts/?expiring_within=6",
                "/commissioning/contracts/?expiring_within=6&sort=-current_total",
            ],
            floor=_REGISTER,
            floor_params=[(home,), (home,)],
            target_p95_ms=100,
            max_queries=15,
        ),
        Endpoint(
            "contracts register CSV export",
            Role.COMMISSIONER,
            ["/commissioning/contracts/export/?format=csv"],
            floor=export_sql,
            floor_params=[export_params],
            export=True,
        ),
        Endpoint("contracts (API)", Role.FINANCE_OFFICER, ["/api/contracts/?expiring_within=6"], max_queries=15),
        Endpoint(
            "OCDS releases (API), 500 processes",
            Role.COMMISSIONER,
            ["/api/ocds/releases/?page_size=500"],
            check=_is_release_package,
        ),
    ]
    if heavy:
        found.append(
            Endpoint(
                "contract page, 50 amendments and 200 KPI returns",
                Role.COMMISSIONER,
                [f"/commissioning/contracts/{heavy[0]}/"],
                target_p95_ms=150,
                max_queries=20,
            )
        )
    return found + _pipeline_endpoints(ctx, home)


def _is_release_package(status: int, body: bytes) -> bool:
    return status == 200 and bool(json.loads(body)["releases"])


_WROTE = re.compile(r"(\d+) releases of (\d+) contracting processes in ([\d.]+) s")


def _releases_written(stdout: str) -> tuple[int, float]:
    """export_ocds's last line: releases written and the seconds the export took."""
    found = _WROTE.search(stdout)
    if found is None:
        raise RuntimeError(f"export_ocds did not say what it wrote: {stdout[-500:]!r}")
    return int(found.group(1)), float(found.group(3))


def command_exports(ctx: BenchContext) -> list[CommandExport]:
    """Issue 14: the OCDS export of every contract (100,000 at full scale), streamed in a process
    whose peak RSS stays under 200 MB; rows are releases (one per contract and per amendment)."""
    return [
        CommandExport(
            f"OCDS export of {ctx.scale.contracts:,} contracts (export_ocds --all)",
            ["export_ocds", "--all"],
            report=_releases_written,
            max_rss_mb=200,
        )
    ]
