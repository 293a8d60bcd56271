"""`make backup` / `make restore`: a restore into a fresh database reproduces every table."""

import os
import subprocess
import uuid

import psycopg
import pytest
import redis
from django.core.management import call_command
from django.db import connection

from common.management.commands.dburl import libpq_url
from tests.faults.conftest import BASE_DIR

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

TABLES = """
    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1
"""


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and an md5 of its rows' text, sorted (so order does not matter)."""
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(TABLES)]
        return {
            table: conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"  # noqa: S608 - names from the catalogue
            ).fetchone()
            for table in tables
        }


def make(target: str, database_url: str, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    args = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "-s", target, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def test_dburl_prints_the_libpq_url(capsys):
    call_command("dburl")
    url = capsys.readouterr().out.strip()
    assert url == libpq_url(connection.settings_dict)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == connection.settings_dict["NAME"]


def test_libpq_url_quotes_its_parts():
    url = libpq_url({"USER": "app", "PASSWORD": "p@ss/word", "HOST": "db", "PORT": 5433, "NAME": "carers"})
    assert url == "postgresql://app:p%40ss%2Fword@db:5433/carers"
    assert (
        libpq_url({"USER": "postgres", "HOST": "/tmp", "PORT": "", "NAME": "x"})
        == "postgresql://postgres@/x?host=%2Ftmp"
    )


def test_backup_and_restore_reproduce_every_table(transactional_db, tmp_path):
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    source = libpq_url(connection.settings_dict)
    before = fingerprint(source)
    assert before["public.accounts_organisation"][0] > 0 and before["public.auth_group_permissions"][0] > 0

    dump = tmp_path / "carers.dump"
    result = make("backup", source, BACKUP=str(dump))
    assert result.returncode == 0, result.stderr
    assert dump.stat().st_size > 0

    fresh_name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    fresh = libpq_url({**connection.settings_dict, "NAME": fresh_name})
    admin = libpq_url({**connection.settings_dict, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh_name}"')
    # What the restored database's users had cached before: another database's rows now.
    stale = f"{fresh_name}::1:accounts:identity:1"
    cache_server = redis.Redis.from_url(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None
    if cache_server:
        cache_server.set(stale, b"old")
    try:
        result = make("restore", fresh, BACKUP=str(dump))
        assert result.returncode == 0, result.stderr
        after = fingerprint(fresh)
        if cache_server:
            assert cache_server.get(stale) is None
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)')
    assert sorted(after) == sorted(before)
    differing = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert differing == {}
