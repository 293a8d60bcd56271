"""The bench database: created, migrated and filled by each app's `bench.generate`, kept between
runs and rebuilt only when its fingerprint (the scale, the migrations on disk and the generators'
source) changes."""

import hashlib
import importlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from bench.spec import Scale

BASE_DIR = Path(settings.BASE_DIR)
FINGERPRINT_TABLE = "bench_fingerprint"


def bench_modules() -> list:
    """Each app's `bench` module, in INSTALLED_APPS order (accounts before the domain apps)."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(importlib.import_module(f"{config.name}.bench"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench":
                raise
    return modules


def _server() -> dict:
    default = settings.DATABASES["default"]
    if not default["ENGINE"].endswith("postgresql"):
        raise RuntimeError("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    return {
        "host": default.get("HOST") or "127.0.0.1",
        "port": str(default.get("PORT") or 5432),
        "user": default.get("USER") or "postgres",
        "password": default.get("PASSWORD") or "",
    }


def conninfo(dbname: str) -> str:
    """A psycopg connection string with the app's own session settings (config/settings.py turns
    JIT off), so that a floor runs its SQL as the app does."""
    options = settings.DATABASES["default"].get("OPTIONS", {}).get("options", "")
    server = {k: v for k, v in _server().items() if v}
    return psycopg.conninfo.make_conninfo(dbname=dbname, **server, **({"options": options} if options else {}))


def database_url(dbname: str) -> str:
    """The DATABASE_URL for a process (migrate, gunicorn) that should use `dbname`."""
    server = _server()
    auth = quote(server["user"], safe="") + (f":{quote(server['password'], safe='')}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{dbname}"


def fingerprint(scale: Scale) -> str:
    """What the data depends on: the scale, every migration on disk, each generator's source."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    parts = {
        "scale": asdict(scale),
        "migrations": sorted(f"{app}.{name}" for app, name in loader.disk_migrations),
        "generators": {
            module.__name__: hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()
            for module in bench_modules()
        },
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def stored_fingerprint(dbname: str) -> tuple[str, dict] | None:
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            return None
    with psycopg.connect(conninfo(dbname)) as conn:
        if not conn.execute("SELECT to_regclass(%s)", [FINGERPRINT_TABLE]).fetchone()[0]:
            return None
        row = conn.execute(f"SELECT fingerprint, rows FROM {FINGERPRINT_TABLE}").fetchone()  # noqa: S608
        return (row[0], row[1]) if row else None


def ensure(scale: Scale, dbname: str, *, force: bool = False, log=print) -> dict:
    """Make `dbname` hold the data for `scale`; returns {"rebuilt", "rows", "seconds"}."""
    wanted = fingerprint(scale)
    stored = None if force else stored_fingerprint(dbname)
    if stored and stored[0] == wanted:
        log(f"Bench database {dbname} already holds the {scale.name} data: kept.")
        return {"rebuilt": False, "rows": stored[1], "seconds": 0.0}

    started = time.perf_counter()
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{dbname}"')
    log(f"Created database {dbname}; migrating…")
    # In a child process with the bench database as its default: data migrations (role groups)
    # write through the default connection.
    env = {**os.environ, "DATABASE_URL": database_url(dbname)}
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True
    )

    rows: dict[str, int] = {}
    with psycopg.connect(conninfo(dbname)) as conn:
        for module in bench_modules():
            app_started = time.perf_counter()
            written = module.generate(conn, scale)
            conn.commit()
            rows.update(written)
            summary = ", ".join(f"{table} {count:,}" for table, count in written.items()) or "no rows of its own"
            log(f"  {module.__name__}: {summary} ({time.perf_counter() - app_started:.1f} s)")
        _resync_sequences(conn)
        conn.commit()
    with psycopg.connect(conninfo(dbname), autocommit=True) as conn:
        # Fresh tables have no statistics and no visibility map: without this the planner guesses
        # and index-only scans visit the heap.
        conn.execute("VACUUM (ANALYZE)")
        # Write the generated gigabytes out now, so that the checkpoint does not land in the middle
        # of the measurements (it needs superuser or pg_checkpoint; without them it happens later).
        try:
            conn.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:
            log("No privilege to CHECKPOINT: the first measurements may overlap its writes.")
        seconds = time.perf_counter() - started
        conn.execute(
            f"CREATE TABLE {FINGERPRINT_TABLE} (fingerprint text PRIMARY KEY, scale text, rows jsonb, "
            "seconds double precision, created_at timestamptz DEFAULT now())"
        )
        conn.execute(
            f"INSERT INTO {FINGERPRINT_TABLE} (fingerprint, scale, rows, seconds) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [wanted, scale.name, json.dumps(rows), seconds],
        )
    log(f"Generated the {scale.name} data in {seconds:.1f} s.")
    return {"rebuilt": True, "rows": rows, "seconds": seconds}


def _resync_sequences(conn) -> None:
    """Generators write explicit ids; move each id sequence past the largest so that rows the
    product creates during the run do not collide."""
    columns = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND (is_identity = 'YES' OR column_default LIKE 'nextval%%')"
    ).fetchall()
    for table, column in columns:
        conn.execute(
            f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(max("{column}"), 0) + 1, false) '  # noqa: S608
            f'FROM "{table}"',
            [table, column],
        )


def table_checksums(dbname: str, tables: list[str]) -> dict[str, str]:
    """md5 of each table's rows in a fixed order: equal checksums mean equal contents."""
    with psycopg.connect(conninfo(dbname)) as conn:
        return {
            table: conn.execute(
                f"SELECT md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t"  # noqa: S608
            ).fetchone()[0]
            for table in tables
        }
