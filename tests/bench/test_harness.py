"""The harness's own moving parts against the real product: signing in through the login and
two-factor pages, the deep cursor it builds for the product's keyset pages, and the worker list."""

import subprocess
import sys
import time

import factory
import pytest
from django.db import connection
from django.urls import resolve
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.bench import BENCH_PASSWORD, totp_key
from accounts.choices import Role
from accounts.models import Organisation
from bench.harness import Server, _cursor_at, _export, _product_ordering, _reminder_scans, measure_command
from bench.http import Sample, close_session, fetch, run_fixed, sign_in
from bench.spec import BenchContext, CommandExport, Endpoint, Scale
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.bench import scan_fixture


@pytest.mark.django_db(transaction=True)
def test_sign_in_passes_the_login_and_two_factor_pages(live_server, settings):
    settings.OTP_REQUIRED = True  # as in production: administrators must give a code
    user = UserFactory(username="bench_administrator", roles=[Role.ADMINISTRATOR], password=BENCH_PASSWORD)
    TOTPDevice.objects.create(user=user, name="bench", confirmed=True, key=totp_key(user.username))

    persona = sign_in(live_server.url, user.username, BENCH_PASSWORD, totp_key(user.username))

    try:
        sample = fetch(live_server.url, persona, "/api/users/")
        assert (sample.status, sample.ok) == (200, True)
        assert fetch(live_server.url, persona, "/").status == 200
    finally:
        close_session()


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_a_wrong_password_fails_loudly(live_server):
    UserFactory(username="bench_csc_officer", roles=[Role.CSC_OFFICER])
    with pytest.raises(RuntimeError, match="Could not sign in"):
        sign_in(live_server.url, "bench_csc_officer", "not-the-password", totp_key("bench_csc_officer"))


@pytest.mark.postgres  # the harness builds PostgreSQL SQL (OFFSET without LIMIT)
def test_deep_cursor_opens_the_product_list_at_that_row(db, client_for):
    OrganisationFactory.create_batch(70)
    view = resolve("/api/organisations/").func
    ordering = _product_ordering(view)
    assert ordering == ("-id",)
    connection.ensure_connection()
    cursor = _cursor_at(connection.connection, Organisation, ordering, 50)

    response = client_for(Role.COMMISSIONER).get("/api/organisations/", {"cursor": cursor})

    assert response.status_code == 200
    expected = list(Organisation.objects.order_by("-id").values_list("id", flat=True)[50:100])
    assert [row["id"] for row in response.json()["results"]] == expected


def test_run_fixed_makes_the_requested_number_of_calls_from_each_thread():
    seen = []
    samples = run_fixed(lambda index: seen.append(index) or index, concurrency=4, count=10, cap_s=30)
    assert len(samples) == 10 and sorted(seen) == list(range(10))


def test_run_fixed_stops_at_its_time_cap():
    samples = run_fixed(lambda index: time.sleep(0.2) or index, concurrency=2, count=1000, cap_s=0.3)
    assert 2 <= len(samples) <= 6


def test_server_finds_its_worker_processes():
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    code = f"import subprocess, time; [subprocess.Popen({sleeper!r}) for _ in range(2)]; time.sleep(30)"
    parent = subprocess.Popen([sys.executable, "-c", code])  # noqa: S603
    try:
        server = Server(parent, 0)
        deadline = time.monotonic() + 10
        while len(server.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(server.worker_pids()) == 2
        assert server.peak_rss_mb() > 1
    finally:
        for pid in Server(parent, 0).worker_pids():
            subprocess.run(["kill", str(pid)], check=False)  # noqa: S603, S607
        parent.kill()
        parent.wait()


@pytest.mark.postgres  # COPY is PostgreSQL's
def test_export_is_compared_with_copy_and_reports_rows_per_second(db):
    OrganisationFactory.create_batch(30)
    connection.ensure_connection()

    class FakeServer:
        def peak_rss_mb(self):
            return 99.5

    endpoint = Endpoint(
        "organisations CSV",
        Role.COMMISSIONER,
        ["/x.csv"],
        floor="SELECT id, name FROM accounts_organisation",
        export=True,
    )
    samples = [Sample("/x.csv", 200, 0.5, 1000, 3, True)]
    figures = _export(FakeServer(), connection.connection, endpoint, samples)
    assert figures["rows"] == Organisation.objects.count() == 30
    assert figures["http_rows_per_s"] == 60  # 30 rows in half a second
    assert figures["copy_rows_per_s"] > 0 and figures["peak_rss_mb"] == 99.5
    # The ratio is the export's speed over COPY's: below 1 when the export is slower.
    assert figures["ratio"] == round(60 / figures["copy_rows_per_s"], 2)


@pytest.mark.postgres  # the bench database is PostgreSQL
def test_reminder_scan_runs_twice_in_a_process_on_the_bench_database(transactional_db):
    OrganisationFactory.create_batch(3)
    OrganisationFactory.create_batch(2, name=factory.Sequence(lambda n: f"Reset me {n}"))  # gone before the first
    database = connection.settings_dict["NAME"]
    messages = []
    scans = _reminder_scans([scan_fixture], database, messages.append)
    assert scans["first"]["created"] == {"organisations_seen": 3, "notifications": 0}
    assert scans["second"]["created"] == scans["first"]["created"]
    assert scans["first"]["seconds"] >= 0 and messages[0].startswith("  reminder scan (first)")


def test_reminder_scan_says_not_built_yet_without_a_provider():
    messages = []
    assert _reminder_scans([], "unused", messages.append) == {"note": "not built yet"}
    assert messages == ["  reminder scan: not built yet."]


@pytest.mark.postgres  # the command runs on the (PostgreSQL) bench database, in its own process
def test_a_command_export_reports_rows_per_second_and_its_own_peak_memory(transactional_db):
    from commissioning.bench import command_exports
    from tests.commissioning.factories import AmendmentFactory, ContractFactory

    for contract in ContractFactory.create_batch(3):
        AmendmentFactory(contract=contract, sequence=1)
    database = connection.settings_dict["NAME"]
    command = command_exports(BenchContext(None, Scale.named("tiny")))[0]
    messages = []
    result = measure_command("commissioning", command, database, messages.append, {"export": (1, 60.0)})
    assert result["rows"] == 6  # each contract's release and its amendment's
    assert result["rows_per_s"] > 0 and result["bytes"] > 0
    # The export process's own peak (a Django process: tens of MB), not the test runner's.
    assert 20 < result["peak_rss_mb"] < 200 and result["flags"] == []
    assert "rows/s" in messages[0]
    tight = CommandExport(command.name, command.arguments, command.report, max_rss_mb=1)
    flags = measure_command("commissioning", tight, database, messages.append, {"export": (1, 60.0)})["flags"]
    assert len(flags) == 1 and flags[0].startswith("peak RSS") and flags[0].endswith("MB over 1 MB")
