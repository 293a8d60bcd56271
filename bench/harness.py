"""`manage.py bench`: generate (or keep) the scale data, serve it with gunicorn on loopback, and
measure every app's endpoints, the peer, exports, the reminder scan and fifty users of load."""

import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import requests
from django.conf import settings
from django.urls import Resolver404, resolve
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination

from accounts.bench import BENCH_PASSWORD, PERSONAS, totp_key
from bench import data, report
from bench.http import LoadUser, Persona, fetch, run_fixed, run_load, sign_in
from bench.http import _exchange as exchange
from bench.peer import PEER_PREFIX, carer_model
from bench.spec import BenchContext, CommandExport, Endpoint, Scale

BASE_DIR = Path(settings.BASE_DIR)
RESULTS = BASE_DIR / "bench" / "results.json"
WORKERS = 2
# Bounded runs: so many requests, but no new one after so many seconds.
# Bounded runs per endpoint: (requests, seconds after which no new one starts). The small scale
# runs fewer so that `make bench SCALE=small` stays under two minutes with every app's endpoints.
BUDGETS = {
    "full": {"c1": (20, 6.0), "c8": (48, 8.0), "floor": (20, 4.0), "export": (3, 30.0)},
    "small": {"c1": (15, 2.5), "c8": (32, 3.0), "floor": (15, 2.0), "export": (2, 15.0)},
}
BUDGETS["tiny"] = BUDGETS["small"]
LOAD_USERS, LOAD_THINK_S = 50, 1.0
PAGE_SIZE = 50


def run(scale_name: str, database: str = "carers_bench", log=print, only: str = "") -> dict:
    """Everything; or with only="export", the same data and the same side-by-side export-against-COPY
    measurement of the export endpoints alone (no reminder scan, peer, search quality or load),
    written to bench/results-export.json."""
    started = time.perf_counter()
    load_before = round(os.getloadavg()[0], 2)
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = round(time.perf_counter() - started - sum(phases.values()), 1)

    scale = Scale.named(scale_name)
    generation = data.ensure(scale, database, log=log)
    modules = data.bench_modules()
    phase("data")
    with psycopg.connect(data.conninfo(database), autocommit=True) as conn:
        ctx = BenchContext(conn, scale)
        endpoints = [(module.__name__.split(".")[0], ep) for module in modules for ep in module.endpoints(ctx)]
        if only == "export":
            endpoints = [(app, endpoint) for app, endpoint in endpoints if endpoint.export]
        _reset_personas(conn)
        skipped = {"note": f"skipped (--only {only})"}
        scans = skipped if only else _reminder_scans(modules, database, log)
        phase("reminder scan")
        commands = [(module.__name__.split(".")[0], c) for module in modules for c in _command_exports(module, ctx)]
        command_results = [
            measure_command(app, command, database, log, BUDGETS[scale.name]) for app, command in commands
        ]
        phase("command exports")
        with serve(database) as server:
            personas = _sign_in_all(server.base)
            phase("serve and sign in")
            results = []
            for app, endpoint in endpoints:
                results.append(measure(server, personas, conn, app, endpoint, log, BUDGETS[scale.name]))
            if only:
                peer, quality, load = {**skipped, "results": []}, {}, {}
            else:
                peer = _peer(server, personas, conn, scale, log)
                results += peer["results"]
                phase("endpoints")
                quality = _quality(server, personas, modules, log)
                phase("search quality")
                load = _load(server.base, personas, endpoints, scale, log)
                phase("load")
    payload = report.build(
        scale=scale,
        generation=generation,
        endpoints=results,
        peer={k: v for k, v in peer.items() if k != "results"},
        reminder_scan=scans,
        load=load,
        total_seconds=time.perf_counter() - started,
        postgresql=_pg_version(database),
        command_exports=command_results,
    )
    payload["quality"] = quality
    payload["gunicorn_workers"] = WORKERS
    payload["phases_s"] = phases
    payload["budget"] = BUDGETS[scale.name]
    payload["machine"]["load_average_1m_at_start"] = load_before
    _print(payload, log)
    for app, kinds in quality.items():
        for kind, figures in kinds.items():
            log(f"quality {app}: {kind:<46} n={figures['n']:<4} recall@10 {figures['recall']}")
    results_path = RESULTS.with_name(f"results-{only}.json") if only else RESULTS
    payload["only"] = only or None
    report.write_json(results_path, payload)
    log(f"Wrote {results_path.relative_to(BASE_DIR)}")
    log(payload["summary"])
    return payload


def _quality(server, personas, modules, log) -> dict:
    """Each app's optional `quality(get)`: answers judged for correctness (the carer search's
    recall), not timed; `get(role, path)` is one signed-in GET answering (status, body)."""

    def get(role, path):
        status, content, _ = exchange(server.base, "GET", path, None, personas[str(role)].headers())
        return status, content

    out = {}
    for module in modules:
        if hasattr(module, "quality"):
            started = time.perf_counter()
            out[module.__name__.split(".")[0]] = module.quality(get)
            log(f"  quality set of {module.__name__}: [{time.perf_counter() - started:.1f} s]")
    return out


# --- The server ------------------------------------------------------------------------------
class Server:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.base = f"http://127.0.0.1:{port}"

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    # Field 4 of /proc/<pid>/stat is the parent; the name before it may hold spaces.
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def peak_rss_mb(self) -> float:
        """The largest peak resident set (VmHWM) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")]
        return round(max(peaks, default=0.0), 1)


def server_env(database: str) -> dict[str, str]:
    """Production settings, a throwaway secret, the bench database, and the bench-only switches."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": data.database_url(database),
        "BENCH_QUERY_COUNT": "1",
        "BENCH_PEER": "1",
        "LOG_LEVEL": "WARNING",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(database: str):
    env = server_env(database)
    if not _static_manifest_current():
        # Production serves hashed static files from a manifest that only a non-DEBUG collectstatic writes.
        subprocess.run(  # noqa: S603
            [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
    port = free_port()
    log_path = BASE_DIR / "bench" / "gunicorn.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(WORKERS)]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", "300", "--graceful-timeout", "5", "--no-control-socket"],
            env=env,
            cwd=BASE_DIR,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        server = Server(process, port)
        try:
            _wait_until_up(server, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _static_manifest_current() -> bool:
    """True when the production static manifest is newer than every static source file."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [BASE_DIR / "package-lock.json", *(p for p in (BASE_DIR / "static").rglob("*") if p.is_file())]
    return all(manifest.stat().st_mtime >= source.stat().st_mtime for source in sources if source.exists())


def _wait_until_up(server: Server, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {log_path}\n{log_path.read_text()[-2000:]}")
        try:
            answered = requests.get(f"{server.base}/healthz", timeout=10).status_code in (200, 503)
            if answered and len(server.worker_pids()) >= WORKERS:
                return
        except requests.RequestException:  # not listening yet, or a worker still importing
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within a minute: see {log_path}")


# --- Personas --------------------------------------------------------------------------------
def _reset_personas(conn) -> None:
    """A TOTP code is accepted once: let this run's sign-in use the current one even if the last
    run used it a moment ago. Forget earlier runs' sign-in attempts too."""
    conn.execute(
        "UPDATE otp_totp_totpdevice SET last_t = -1, throttling_failure_count = 0 WHERE user_id IN "
        "(SELECT id FROM accounts_user WHERE username = ANY(%s))",
        [list(PERSONAS.values())],
    )
    conn.execute("DELETE FROM axes_accessattempt")


def _sign_in_all(base: str) -> dict[str, Persona]:
    return {
        str(role): sign_in(base, username, BENCH_PASSWORD, totp_key(username)) for role, username in PERSONAS.items()
    }


# --- One endpoint ----------------------------------------------------------------------------
def measure(
    server: Server, personas: dict[str, Persona], conn, app: str, endpoint: Endpoint, log, budget: dict
) -> dict:
    persona = personas[str(endpoint.role)]
    started = time.perf_counter()

    def call(index: int):
        return fetch(
            server.base,
            persona,
            endpoint.paths[index % len(endpoint.paths)],
            endpoint.check,
            method=endpoint.method,
            body=endpoint.bodies[index % len(endpoint.bodies)] if endpoint.bodies else None,
            json=endpoint.json,
        )

    warm = [call(index) for index in range(len(endpoint.paths))]  # first hits: connections, caches, templates
    floor_timings: list[float] = []
    copy_timings: list[float] = []
    if endpoint.export:
        # Side by side, as the floor: each export is paired with a plain COPY of the same query.
        def call_then_copy(index: int):
            sample = call(index)
            copy_timings.append(_copy_seconds(conn, endpoint)[1])
            return sample

        c1 = run_fixed(call_then_copy, concurrency=1, count=budget["export"][0], cap_s=budget["export"][1])
        c8 = []
    else:
        if endpoint.floor or endpoint.floors:
            # Side by side: each request is paired with the same query straight through psycopg,
            # so both see the machine as it is at that moment (a separate run afterwards met a
            # different machine: caches, other processes, the c8 run just before).
            _floor_query(conn, endpoint, 0)  # warm, as the HTTP side was

            def call_then_floor(index: int):
                # Which of the pair runs first alternates, so neither always finds the pages
                # the other has just read.
                if index % 2:
                    floor_timings.append(_floor_query(conn, endpoint, index))
                    return call(index)
                sample = call(index)
                floor_timings.append(_floor_query(conn, endpoint, index))
                return sample

            # Every path at least once: the medians of both sides then cover the same queries.
            count = max(budget["c1"][0], len(endpoint.paths))
            c1 = run_fixed(call_then_floor, concurrency=1, count=count, cap_s=budget["c1"][1])
        else:
            c1 = run_fixed(call, concurrency=1, count=budget["c1"][0], cap_s=budget["c1"][1])
        c8 = run_fixed(call, concurrency=8, count=budget["c8"][0], cap_s=budget["c8"][1])
    samples = warm + c1 + c8
    failed = [s for s in samples if not s.ok]
    queries = [s.queries for s in samples if s.queries is not None]
    if floor_timings:
        floor = report.stats(floor_timings)
    else:
        floor = _floor(conn, endpoint, *budget["floor"]) if endpoint.floor or endpoint.floors else None
    result = {
        "app": app,
        "name": endpoint.name,
        "role": str(endpoint.role),
        "paths": endpoint.paths[:3] + (["…"] if len(endpoint.paths) > 3 else []),
        "c1": report.stats([s.seconds for s in c1]),
        "c8": report.stats([s.seconds for s in c8]),
        "queries": max(queries) if queries else None,
        "floor": floor,
        "ratio": None,
        "target_p95_ms": endpoint.target_p95_ms,
        "max_queries": endpoint.max_queries,
        "errors": len(failed),
        "statuses": sorted({s.status for s in failed}),
        "bytes": max((s.size for s in samples), default=0),
    }
    if floor and floor["p50_ms"] and result["c1"]["p50_ms"]:
        result["ratio"] = round(result["c1"]["p50_ms"] / floor["p50_ms"], 1)
    if endpoint.export:
        result["export"] = _export(server, conn, endpoint, c1, copy_timings)
    result["flags"] = report.flags(result)
    problems = f", {'; '.join(result['flags'])}" if result["flags"] else ""
    log(
        f"  {endpoint.name}: c1 p50 {report._ms(result['c1']['p50_ms'])} ms, "
        f"c8 p95 {report._ms(result['c8']['p95_ms'])} ms, {result['queries']} queries{problems} "
        f"[{time.perf_counter() - started:.1f} s]"
    )
    return result


def _floor_query(conn, endpoint: Endpoint, index: int) -> float:
    """Seconds to run the floor query for the index-th request straight through psycopg and
    fetch its rows into Python."""
    params = endpoint.floor_params or [()] * len(endpoint.paths)
    start = time.perf_counter()
    conn.execute(endpoint.floor_sql(index), params[index % len(params)]).fetchall()
    return time.perf_counter() - start


def _floor(conn, endpoint: Endpoint, count: int, cap_s: float) -> dict:
    """The same data straight from PostgreSQL through psycopg, fetched into Python (for an
    endpoint measured only at c1 with no room to interleave: an export)."""
    timings: list[float] = []
    deadline = time.perf_counter() + cap_s
    _floor_query(conn, endpoint, 0)  # warm, as the HTTP side was
    for index in range(count):
        if index and time.perf_counter() > deadline:
            break
        timings.append(_floor_query(conn, endpoint, index))
    return report.stats(timings)


def _copy_seconds(conn, endpoint: Endpoint) -> tuple[int, float]:
    """Rows and seconds of a plain `COPY (floor) TO STDOUT WITH (FORMAT csv)`, its bytes read as
    they arrive (what the export could at best do: no formatting, no HTTP)."""
    params = (endpoint.floor_params or [()])[0]
    rows = 0
    start = time.perf_counter()
    with conn.cursor().copy(f"COPY ({endpoint.floor}) TO STDOUT WITH (FORMAT csv)", params or None) as copy:
        for _data in copy:  # one message a row
            rows += 1
    return rows, time.perf_counter() - start


def _export(server: Server, conn, endpoint: Endpoint, samples, copy_timings: list[float] | None = None) -> dict:
    """Rows per second over HTTP against plain COPY of the same query in the same run, the ratio
    of the two (export rows/s over COPY rows/s: 1 is as fast as the database), and the workers'
    peak memory."""
    rows, copy_s = _copy_seconds(conn, endpoint)
    copy_s = report.percentile([*(copy_timings or []), copy_s], 50) or copy_s
    http_s = report.percentile([s.seconds for s in samples], 50) or 0
    return {
        "rows": rows,
        "http_rows_per_s": round(rows / http_s) if http_s else None,
        "copy_rows_per_s": round(rows / copy_s) if copy_s else None,
        "ratio": round(copy_s / http_s, 2) if http_s else None,
        "peak_rss_mb": server.peak_rss_mb(),
    }


# --- Exports made by a command ---------------------------------------------------------------
def _command_exports(module, ctx: BenchContext) -> list[CommandExport]:
    return module.command_exports(ctx) if hasattr(module, "command_exports") else []


def run_command(command: CommandExport, database: str) -> tuple[float, float, int, int]:
    """Run the command once in its own process on the bench database, writing to a temporary
    file: (seconds, that process's peak RSS in MB, rows it reported, bytes it wrote). Seconds are
    the export's own as the command reports them (else the process's, start-up included); the
    peak is the command's own, measured by bench.rss (see there why not from here)."""
    output = Path(tempfile.mkstemp(prefix="bench-export-", suffix=".out")[1])
    manage = [sys.executable, str(BASE_DIR / "manage.py"), *command.arguments, "--output", str(output)]
    try:
        started = time.perf_counter()
        finished = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "-m", "bench.rss", *manage],
            env=server_env(database),
            cwd=BASE_DIR,
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - started
        stderr = finished.stderr.decode()
        if finished.returncode != 0:
            raise RuntimeError(f"{command.name} failed ({finished.returncode}): {stderr[-2000:]}")
        peak_kb = int(stderr.rsplit("bench.rss peak_rss_kb=", 1)[1].split()[0])
        rows, seconds = command.report(finished.stdout.decode())
        return seconds or wall, round(peak_kb / 1024, 1), rows, output.stat().st_size
    finally:
        output.unlink(missing_ok=True)


def measure_command(app: str, command: CommandExport, database: str, log, budget: dict) -> dict:
    """Rows per second (the median run) and the largest peak RSS over a few runs."""
    count, cap_s = budget["export"]
    runs = []
    deadline = time.perf_counter() + cap_s
    for index in range(count):
        if index and time.perf_counter() > deadline:
            break
        runs.append(run_command(command, database))
    seconds = report.percentile([r[0] for r in runs], 50) or 0.0
    rows = runs[0][2]
    result = {
        "app": app,
        "name": command.name,
        "arguments": command.arguments,
        "runs": len(runs),
        "rows": rows,
        "bytes": runs[0][3],
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "peak_rss_mb": max(r[1] for r in runs),
        "max_rss_mb": command.max_rss_mb,
    }
    result["flags"] = report.command_flags(result)
    problems = f", {'; '.join(result['flags'])}" if result["flags"] else ""
    log(
        f"  {command.name}: {rows:,} rows in {seconds:.1f} s ({result['rows_per_s'] or 0:,} rows/s), "
        f"peak RSS {result['peak_rss_mb']} MB{problems}"
    )
    return result


# --- The peer --------------------------------------------------------------------------------
def _peer(server: Server, personas, conn, scale: Scale, log) -> dict:
    """The product's carers API list against a plain DRF ModelViewSet, at page 1 and deep."""
    Carer = carer_model()
    try:
        view = resolve("/api/carers/").func
    except Resolver404:
        view = None
    if Carer is None or view is None:
        note = "carers.Carer or /api/carers/ not built yet: peer comparison skipped."
        log(f"  peer: {note}")
        return {"note": note, "results": []}
    rows = conn.execute(f'SELECT count(*) FROM "{Carer._meta.db_table}"').fetchone()[0]  # noqa: S608
    if rows < 2 * PAGE_SIZE:
        note = f"only {rows} carers in the bench database (no carers/bench.py yet?): peer comparison skipped."
        log(f"  peer: {note}")
        return {"note": note, "results": []}
    # Halfway down the table, on a page boundary: page 10,001 of 50 at the full scale's million.
    deep_offset = rows // 2 // PAGE_SIZE * PAGE_SIZE
    deep_page = deep_offset // PAGE_SIZE + 1
    if issubclass(view.cls.pagination_class, CursorPagination):
        ordering = _product_ordering(view)
        deep_query = urlencode({"cursor": _cursor_at(conn, Carer, ordering, deep_offset)})
    else:  # not keyset-paged (yet): go as deep by page number
        ordering = ("last_name", "first_name", "id")
        deep_query = f"page={deep_page}"
    peer_ordering = ",".join(ordering)
    specs = [
        ("carers API, page 1 (product)", "/api/carers/"),
        ("carers API, page 1 (peer)", f"{PEER_PREFIX}carers/?ordering={peer_ordering}"),
        (f"carers API, row {deep_offset:,} (product)", f"/api/carers/?{deep_query}"),
        (f"carers API, page {deep_page:,} (peer)", f"{PEER_PREFIX}carers/?ordering={peer_ordering}&page={deep_page}"),
    ]
    results = [
        measure(server, personas, conn, "bench", Endpoint(name, "CSC officer", [path]), log, BUDGETS[scale.name])
        for name, path in specs
    ]
    product_1, peer_1, product_deep, peer_deep = results
    for product, peer in ((product_1, peer_1), (product_deep, peer_deep)):
        if peer["c1"]["p50_ms"] and product["c1"]["p50_ms"]:
            product["peer_ratio"] = round(product["c1"]["p50_ms"] / peer["c1"]["p50_ms"], 2)
    return {
        "ordering": list(ordering),
        "deep_offset": deep_offset,
        "deep_page": deep_page,
        "page_1_ratio": product_1.get("peer_ratio"),
        "deep_ratio": product_deep.get("peer_ratio"),
        "results": results,
    }


def _product_ordering(view) -> tuple[str, ...]:
    """The ordering the product's cursor pages by (DRF: the view's `ordering` when it uses the
    OrderingFilter, else its paginator's)."""
    view_class = view.cls
    ordering = None
    if any(issubclass(backend, OrderingFilter) for backend in view_class.filter_backends):
        ordering = getattr(view_class, "ordering", None)
    ordering = ordering or view_class.pagination_class.ordering
    return (ordering,) if isinstance(ordering, str) else tuple(ordering)


def _cursor_at(conn, model, ordering: tuple[str, ...], offset: int) -> str:
    """A DRF cursor positioned after row `offset` of `ordering` (built as DRF encodes it)."""
    first = ordering[0]
    column = model._meta.get_field(first.lstrip("-")).column
    direction = "DESC" if first.startswith("-") else "ASC"
    row = conn.execute(
        f'SELECT "{column}" FROM "{model._meta.db_table}" ORDER BY "{column}" {direction} '  # noqa: S608
        "OFFSET %s LIMIT 1",
        [offset - 1],
    ).fetchone()
    position = "" if row is None else str(row[0])
    return base64.b64encode(urlencode({"p": position}).encode("ascii")).decode("ascii")


# --- Reminder scan ---------------------------------------------------------------------------
def _reminder_scans(modules, database: str, log) -> dict:
    providers = [m.__name__ for m in modules if hasattr(m, "reminder_scan")]
    if not providers:
        log("  reminder scan: not built yet.")
        return {"note": "not built yet"}
    env = {**os.environ, "DATABASE_URL": data.database_url(database)}
    scans = {}
    for number in ("first", "second"):
        output = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.scan", *(["--first"] if number == "first" else []), *providers],
            env=env,
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
        ).stdout
        scans[number] = json.loads(output.decode().strip().splitlines()[-1])
        created = scans[number]["created"]
        log(f"  reminder scan ({number}): {scans[number]['seconds']} s, created {created}")
    return scans


# --- Load ------------------------------------------------------------------------------------
def _load(base: str, personas: dict[str, Persona], endpoints, scale: Scale, log) -> dict:
    """Fifty users of mixed roles (round robin over the roles), each visiting its role's pages."""
    seconds = 60.0 if scale.name == "full" else 30.0 if scale.name == "small" else 3.0
    by_role: dict[str, list[tuple[str, str]]] = {}
    for _, endpoint in endpoints:
        if not endpoint.export and endpoint.method == "GET":
            by_role.setdefault(str(endpoint.role), []).extend((endpoint.name, path) for path in endpoint.paths)
    roles = sorted(by_role)
    users = [LoadUser(personas[roles[i % len(roles)]], by_role[roles[i % len(roles)]]) for i in range(LOAD_USERS)]
    log(f"Load: {len(users)} users for {seconds:.0f} s…")
    samples = run_load(base, users, seconds=seconds, think_s=LOAD_THINK_S, seed=scale.seed)
    pages: dict[str, list] = {}
    for name, sample in samples:
        pages.setdefault(name, []).append(sample)
    errors = [s for _, s in samples if not s.ok]
    return {
        "users": len(users),
        "seconds": seconds,
        "think_s": LOAD_THINK_S,
        "requests": len(samples),
        "requests_per_s": round(len(samples) / seconds, 1),
        "errors": len(errors),
        "error_statuses": sorted({s.status for s in errors}),
        "overall": report.stats([s.seconds for _, s in samples]),
        "pages": {name: report.stats([s.seconds for s in got]) for name, got in sorted(pages.items())},
        # Per page: how many requests failed, and with which statuses ({"302": 12, "403": 3}).
        "page_errors": {
            name: dict(sorted(Counter(str(s.status) for s in got if not s.ok).items()))
            for name, got in sorted(pages.items())
        },
    }


def _pg_version(database: str) -> str:
    with psycopg.connect(data.conninfo(database)) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def _print(payload: dict, log) -> None:
    log("")
    machine = payload["machine"]
    log(
        f"Scale {payload['scale']['name']} on {machine['cpu_count']} CPUs ({machine['cpu_model']}), "
        f"load average {machine['load_average_1m_at_start']} at the start, {machine['load_average_1m']} at the end"
    )
    log(report.table(payload["endpoints"]))
    log("time: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in payload["phases_s"].items()))
    for result in payload["endpoints"]:
        if "export" in result:
            e = result["export"]
            log(
                f"export {result['name']}: {e['rows']:,} rows, HTTP {e['http_rows_per_s'] or 0:,} rows/s, "
                f"COPY {e['copy_rows_per_s'] or 0:,} rows/s (ratio {e['ratio']}), peak worker RSS {e['peak_rss_mb']} MB"
            )
    for result in payload.get("command_exports", []):
        log(
            f"export {result['name']}: {result['rows']:,} rows, {result['rows_per_s'] or 0:,} rows/s, "
            f"peak RSS {result['peak_rss_mb']} MB (limit {result['max_rss_mb']:g} MB)"
        )
    peer = payload["peer"]
    if "note" in peer:
        log(f"peer: {peer['note']}")
    else:
        log(
            f"peer: product / plain DRF p50 at page 1 {peer['page_1_ratio']}×, "
            f"at row {peer['deep_offset']:,} (peer page {peer['deep_page']:,}) {peer['deep_ratio']}×"
        )
    scan = payload["reminder_scan"]
    log(
        f"reminder scan: {scan['note']}"
        if "note" in scan
        else f"reminder scan: first {scan['first']['seconds']} s {scan['first']['created']}, "
        f"second {scan['second']['seconds']} s {scan['second']['created']}"
    )
    load = payload["load"]
    if load:  # not measured with --only
        log(
            f"load: {load['users']} users, {load['seconds']:.0f} s, {load['requests']:,} requests "
            f"({load['requests_per_s']}/s), {load['errors']} errors, p95 {report._ms(load['overall']['p95_ms'])} ms"
        )
        for name, page in load["pages"].items():
            failed = load.get("page_errors", {}).get(name) or {}
            errors = ", ".join(f"{count} × {status}" for status, count in failed.items()) or "none"
            log(
                f"  {name:<40} n={page['n']:<5} p50 {report._ms(page['p50_ms'])} ms, "
                f"p95 {report._ms(page['p95_ms'])} ms, failed: {errors}"
            )
    for result in [*payload["endpoints"], *payload.get("command_exports", [])]:
        for flag in result["flags"]:
            log(f"! {result['name']}: {flag}")
