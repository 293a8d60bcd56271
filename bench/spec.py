"""What each app gives the benchmark. The harness discovers `<app>/bench.py` modules, in
INSTALLED_APPS order, and uses two things from each:

    def generate(conn: psycopg.Connection, scale: Scale) -> dict[str, int]
        Fill this app's tables in the bench database at `scale`, fast (COPY or multi-row
        INSERT, never one ORM save per row), deterministically (seeded from scale.seed).
        Earlier apps' rows already exist (accounts first). Return {table: rows written}.

    def endpoints(ctx: BenchContext) -> list[Endpoint]
        What to measure once the data exists: each page or API call, the role that calls it,
        and the floor — the same data fetched directly with psycopg.

    def command_exports(ctx: BenchContext) -> list[CommandExport]        (optional)
        Exports made by a management command (a whole file, not an HTTP response): the harness
        runs each in its own process on the bench database, and reports rows per second and
        that process's peak resident memory (flagged over `max_rss_mb`).

    def reminder_scan() -> dict[str, int]        (optional)
        Run the app's due-date scan once, in a process whose default database is the bench
        database; return what it created, e.g. {"notifications": 1234}. The harness times a
        first scan and a second one (which must create nothing). An optional
        `reminder_reset()` runs before the first, to forget what earlier runs created.

The harness serves the app with gunicorn on loopback, signs in one user per role, and prints
p50/p95 at concurrency 1 and 8, SQL queries per request and the ratio to the floor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scale:
    """Row counts for one run. `full` is the product's national-scale target; `small` is 1%."""

    name: str
    carers: int
    contacts: int
    contracts: int
    due_dates: int
    allocations: int
    packages: int
    bids: int
    # The procurement pipeline (issue 14): procurements, their lots, bidders on the lots (tender
    # bids, not brokerage's call-off bids above) and evaluators' scores. Zero unless named, so a
    # test's own Scale(...) for another app generates none.
    procurements: int = 0
    lots: int = 0
    tender_bids: int = 0
    scores: int = 0
    seed: int = 20261123

    @classmethod
    def named(cls, name: str) -> "Scale":
        full = cls(
            "full",
            carers=1_000_000,
            contacts=10_000_000,
            contracts=100_000,
            due_dates=1_000_000,
            allocations=1_000_000,
            packages=100_000,
            bids=1_000_000,
            procurements=10_000,
            lots=30_000,
            tender_bids=300_000,
            scores=3_000_000,
        )
        if name == "full":
            return full
        if name == "small":
            return cls("small", *(max(1, n // 100) for n in _counts(full)))
        if name == "tiny":  # for the harness's own tests: seconds, not minutes
            return cls("tiny", *(max(1, n // 10_000) for n in _counts(full)))
        raise ValueError(f"Unknown scale {name!r}: use full, small or tiny.")

    @property
    def organisations(self) -> int:
        """Councils, NHS bodies, providers and voluntary organisations: one per 500 carers."""
        return max(20, self.carers // 500)

    @property
    def users(self) -> int:
        """Officers who sign in (besides the bench personas): one per 1,000 carers."""
        return max(20, self.carers // 1_000)


def _counts(scale: Scale) -> list[int]:
    return [
        scale.carers,
        scale.contacts,
        scale.contracts,
        scale.due_dates,
        scale.allocations,
        scale.packages,
        scale.bids,
        scale.procurements,
        scale.lots,
        scale.tender_bids,
        scale.scores,
    ]


@dataclass
class BenchContext:
    """Given to endpoints(): a psycopg connection to the bench database (for picking ids and
    running floors) and the scale."""

    conn: object
    scale: Scale


@dataclass
class Endpoint:
    """One measured request.

    name:    short label for the table, e.g. "carer search (API)".
    role:    the persona that makes the request (an accounts.choices.Role value).
    paths:   URLs to request, cycled through (several, so caches do not flatter the figures).
    floor:   SQL run directly through psycopg for the same data, with `floor_params` per path
             (same length as paths); None where there is no meaningful floor.
    floors:  instead of `floor`, one SQL per path, where the paths' SQL differ in shape (the carer
             search writes one OR per key of each word typed).
    method:  GET or POST; for POST, `bodies` gives a form or JSON body per request.
    target_p95_ms: the issue's target, printed beside the result (None if it names none).
    max_queries: the query count the page must not exceed (None: just report it).
    export:  the response is a whole export (CSV/XLSX): the harness also measures rows per second
             against PostgreSQL's `COPY (floor) TO STDOUT` and the serving worker's peak memory.
    """

    name: str
    role: str
    paths: list[str]
    floor: str | None = None
    floor_params: list[tuple] = field(default_factory=list)
    floors: list[str] = field(default_factory=list)
    method: str = "GET"
    bodies: list[dict] = field(default_factory=list)
    json: bool = False
    target_p95_ms: float | None = None
    max_queries: int | None = None
    check: Callable[[int, bytes], bool] | None = None
    export: bool = False

    def floor_sql(self, index: int) -> str | None:
        """The floor SQL of the index-th request (its own where the paths' SQL differ in shape)."""
        return self.floors[index % len(self.floors)] if self.floors else self.floor


@dataclass
class CommandExport:
    """One export written by a management command, measured in its own process.

    name:       short label, e.g. "OCDS export (export_ocds)".
    arguments:  manage.py's arguments; the harness adds `--output FILE`.
    report:     from the command's standard output, how many rows (releases, lines) it wrote and
                the seconds the export itself took (None: the process's, start-up included).
    max_rss_mb: the peak resident memory the process must stay under.
    """

    name: str
    arguments: list[str]
    report: Callable[[str], tuple[int, float | None]]
    max_rss_mb: float = 200


# --- Helpers for generate() ------------------------------------------------------------------
SETSEED = "SELECT setseed(%s)"


def seed(conn, scale: Scale, salt: int = 0) -> None:
    """Make random() in this session repeatable: same scale and salt, same numbers. Parallel
    plans would interleave rows in any order, so they are switched off for the session."""
    conn.execute("SET max_parallel_workers_per_gather = 0")
    conn.execute(SETSEED, [((scale.seed + salt) % 1_000_003) / 1_000_003])


def copy_rows(conn, table: str, columns: list[str], rows) -> int:
    """COPY Python-made rows into `table`; returns how many were written."""
    count = 0
    with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # noqa: S608 - our names
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
