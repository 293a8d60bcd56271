"""The budgets part of `make bench` (bench/spec.py), in the bench finance officer's council:

- an export budget of scale.allocations lines (1,000,000 at full scale), each with a month's spend,
  over every service line: its breakdown CSV against `COPY` of the same lines and spend;
- an XLSX budget of a tenth as many lines: the workbook's rows per second and peak memory;
- a budget of 500 lines with twelve months of spend each: the budget page (p95 ≤ 200 ms, its
  query count constant);
- a draft budget taking new lines at concurrency 8 (an allocation save p95 ≤ 100 ms: the lock is
  the one budget's row).

Written with INSERT ... SELECT over generate_series: no ORM saves."""

from accounts.choices import Role
from bench.spec import BenchContext, Endpoint, Scale

YEAR = 2025
PAGE_LINES = 500
NAMES = {
    "export": "Bench export budget",
    "xlsx": "Bench XLSX budget",
    "page": "Bench page budget",
    "saves": "Bench saves budget",
}


def _home(conn) -> int | None:
    row = conn.execute(
        "SELECT organisation_id FROM accounts_user"
        " WHERE username = 'bench_finance_officer' AND organisation_id IS NOT NULL"
    ).fetchone()
    return row[0] if row else None


def _budget(conn, home: int, name: str, status: str = "approved") -> int:
    return conn.execute(
        "INSERT INTO budgets_budget (organisation_id, year, name, total, status, note) "
        "VALUES (%s, %s, %s, 999999999999.00, %s, '') RETURNING id",
        [home, YEAR, name, status],
    ).fetchone()[0]


def _lines(conn, budget: int, count: int, lines: list[int], months: int) -> dict[str, int]:
    conn.execute(
        """
        INSERT INTO budgets_allocation (budget_id, service_line_id, delivery_method_id, funding_stream_id,
            description, amount, group_id, note, position)
        SELECT %(budget)s, (%(lines)s::bigint[])[1 + (g %% cardinality(%(lines)s::bigint[]))], NULL, NULL,
            'Bench line ' || g, (1000 + (g %% 5000))::numeric(14, 2), NULL, '', g
        FROM generate_series(1, %(n)s) AS g
        """,
        {"budget": budget, "lines": lines, "n": count},
    )
    cur = conn.execute(
        """
        INSERT INTO budgets_spend (allocation_id, month, amount, note, source, recorded_at)
        SELECT a.id, (DATE '2025-04-01' + make_interval(months => m))::date, (a.position %% 900 + 0.5)::numeric(14, 2),
            '', 'imported', TIMESTAMPTZ '2026-01-01 00:00:00+00'
        FROM budgets_allocation a, generate_series(0, %(months)s - 1) AS m
        WHERE a.budget_id = %(budget)s
        """,
        {"budget": budget, "months": months},
    )
    return {"budgets_allocation": count, "budgets_spend": cur.rowcount}


def generate(conn, scale: Scale) -> dict[str, int]:
    home = _home(conn)
    lines = [r[0] for r in conn.execute("SELECT id FROM commissioning_serviceline ORDER BY id")]
    if home is None or not lines:
        return {}
    written = {"budgets_allocation": 0, "budgets_spend": 0}
    plan = [
        ("export", scale.allocations, 1),
        ("xlsx", max(scale.allocations // 10, 1), 1),
        ("page", PAGE_LINES, 12),
        ("saves", 1, 0),
    ]
    for key, count, months in plan:
        budget = _budget(conn, home, NAMES[key], status="draft" if key == "saves" else "approved")
        for table, rows in _lines(conn, budget, count, lines, months).items():
            written[table] += rows
    written["budgets_budget"] = len(plan)
    return written


# The export's floor: the same lines with their names and spend, as the breakdown selects them.
_EXPORT = (
    "SELECT a.description, sl.name, dm.name, fs.name, g.name, a.amount, s.spent, a.note "
    "FROM budgets_allocation a JOIN commissioning_serviceline sl ON sl.id = a.service_line_id "
    "LEFT JOIN commissioning_deliverymethod dm ON dm.id = a.delivery_method_id "
    "LEFT JOIN budgets_fundingstream fs ON fs.id = a.funding_stream_id "
    "LEFT JOIN budgets_allocationgroup g ON g.id = a.group_id "
    "LEFT JOIN (SELECT allocation_id, sum(amount) AS spent FROM budgets_spend GROUP BY allocation_id) s "
    "ON s.allocation_id = a.id WHERE a.budget_id = %s ORDER BY a.position, a.id"
)


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    """The breakdown CSV and XLSX, the 500-line budget page, and allocation saves at c8."""
    home = _home(ctx.conn)
    found = {
        key: row[0]
        for key, name in NAMES.items()
        if (
            row := ctx.conn.execute(
                "SELECT id FROM budgets_budget WHERE organisation_id = %s AND name = %s AND year = %s",
                [home, name, YEAR],
            ).fetchone()
        )
    }
    if len(found) < len(NAMES):
        return []
    line = ctx.conn.execute("SELECT id FROM commissioning_serviceline ORDER BY id LIMIT 1").fetchone()[0]
    return [
        Endpoint(
            "budget breakdown CSV export (lines with spend)",
            Role.FINANCE_OFFICER,
            [f"/budgets/{found['export']}/export/?format=csv"],
            floor=_EXPORT,
            floor_params=[(found["export"],)],
            export=True,
        ),
        Endpoint(
            "budget breakdown XLSX export",
            Role.FINANCE_OFFICER,
            [f"/budgets/{found['xlsx']}/export/?format=xlsx"],
            floor=_EXPORT,
            floor_params=[(found["xlsx"],)],
            export=True,
        ),
        Endpoint(
            f"budget page, {PAGE_LINES} lines with spend",
            Role.FINANCE_OFFICER,
            [f"/budgets/{found['page']}/"],
            target_p95_ms=200,
            max_queries=35,
        ),
        Endpoint(
            "allocation save (a new line) on one budget",
            Role.FINANCE_OFFICER,
            [f"/budgets/{found['saves']}/lines/add/"],
            method="POST",
            bodies=[{"description": f"Bench save {i}", "service_line": line, "amount": "1.00"} for i in range(64)],
            target_p95_ms=100,
        ),
    ]
