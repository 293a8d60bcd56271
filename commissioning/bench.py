"""The contracts register's part of the benchmark (bench/spec.py): scale.contracts contracts over
every council, a tenth of them the bench commissioner's, ends spread over ten years, each with a
service line; one contract of the commissioner's with 50 amendments and 200 KPI returns. The OCDS
export of every contract is measured as a command in its own process (rows per second, peak RSS
under 200 MB: issue 14) and a page of it through the API."""

import json
import re

from accounts.choices import Role
from bench.spec import BenchContext, CommandExport, Endpoint, Scale, seed

EPOCH = "2026-01-01 00:00:00+00"
HEAVY_AMENDMENTS = 50
HEAVY_RETURNS = 200  # 4 KPIs x 50 quarterly returns


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
    return written


# The register's rows for a council: the floor of the filtered page and the export.
_REGISTER = (
    "SELECT c.id, c.reference, c.title, o.name, c.initial_end_date, c.annual_value, c.total_value "
    "FROM commissioning_contract c JOIN accounts_organisation o ON o.id = c.provider_id "
    "WHERE c.accountable_body_id = %s AND c.status = 'live' "
    "AND c.initial_end_date BETWEEN CURRENT_DATE AND CURRENT_DATE + interval '6 months' "
    "ORDER BY c.initial_end_date, c.id LIMIT 50"
)
_EXPORT = (
    "SELECT c.id, c.reference, c.title, o.name, c.start_date, c.initial_end_date, c.annual_value, c.total_value "
    "FROM commissioning_contract c JOIN accounts_organisation o ON o.id = c.provider_id "
    "WHERE c.accountable_body_id = %s ORDER BY c.initial_end_date, c.id"
)


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    """The register filtered to "expiring within 6 months", a contract page with 50 amendments and
    200 KPI returns, the register's CSV export, and the register through the API."""
    home = _home(ctx.conn)
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
            floor=_EXPORT,
            floor_params=[(home,)],
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
    return found


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
