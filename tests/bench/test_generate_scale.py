"""generate_scale: deterministic, kept between runs, rebuilt when its fingerprint changes."""

import io
import uuid
from dataclasses import replace

import psycopg
import pytest
from django.core.management import call_command

from bench import data
from bench.spec import Scale

pytestmark = pytest.mark.postgres


@pytest.fixture
def bench_database():
    name = f"carers_bench_test_{uuid.uuid4().hex[:10]}"
    yield name
    with psycopg.connect(data.conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(database: str, *, force: bool = False) -> str:
    out = io.StringIO()
    call_command("generate_scale", scale="tiny", database=database, force=force, stdout=out)
    return out.getvalue()


def test_generate_scale_is_deterministic_and_kept_between_runs(bench_database):
    first = generate(bench_database)
    assert "Generated the tiny data" in first
    stored = data.stored_fingerprint(bench_database)
    assert stored[0] == data.fingerprint(Scale.named("tiny"))
    tables = sorted(stored[1])
    assert {"accounts_organisation", "accounts_area", "accounts_user"} <= set(tables)
    before = data.table_checksums(bench_database, tables)
    with psycopg.connect(data.conninfo(bench_database)) as conn:
        created = conn.execute("SELECT created_at FROM bench_fingerprint").fetchone()[0]
        personas = conn.execute("SELECT count(*) FROM accounts_user WHERE username LIKE 'bench\\_%'").fetchone()[0]
    assert personas == 5

    second = generate(bench_database)
    assert "already holds the tiny data: kept" in second
    assert "Generated" not in second
    with psycopg.connect(data.conninfo(bench_database)) as conn:
        assert conn.execute("SELECT created_at FROM bench_fingerprint").fetchone()[0] == created

    third = generate(bench_database, force=True)
    assert "Generated the tiny data" in third
    assert data.table_checksums(bench_database, tables) == before

    # Rows the product creates during a run get fresh ids after the generated ones.
    with psycopg.connect(data.conninfo(bench_database)) as conn:
        largest = conn.execute("SELECT max(id) FROM accounts_organisation").fetchone()[0]
        new_id = conn.execute(
            "INSERT INTO accounts_organisation (name, kind, reference, address, email, phone, is_active, "
            "created_at, updated_at) VALUES ('New', 'council', '', '', '', '', true, now(), now()) RETURNING id"
        ).fetchone()[0]
    assert new_id == largest + 1


def test_fingerprint_changes_with_the_scale():
    tiny = Scale.named("tiny")
    assert data.fingerprint(tiny) == data.fingerprint(Scale.named("tiny"))
    assert data.fingerprint(tiny) != data.fingerprint(Scale.named("small"))
    assert data.fingerprint(tiny) != data.fingerprint(replace(tiny, seed=tiny.seed + 1))


def test_small_scale_is_one_percent_of_full():
    full, small = Scale.named("full"), Scale.named("small")
    assert (small.carers, small.contacts, small.contracts) == (full.carers // 100, 100_000, 1_000)
    assert (full.procurements, full.lots, full.tender_bids, full.scores) == (10_000, 30_000, 300_000, 3_000_000)
    assert (small.procurements, small.lots, small.tender_bids, small.scores) == (100, 300, 3_000, 30_000)
    with pytest.raises(ValueError, match="Unknown scale"):
        Scale.named("huge")
