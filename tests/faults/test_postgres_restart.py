"""PostgreSQL restarted under running web servers: the next requests succeed.

A private PostgreSQL cluster (its own data directory and port) serves two gunicorn processes of
the app, both keeping connections open between requests (CONN_MAX_AGE). After a restart, the
one with connection health checks (the product's setting) answers the very next request; the
control without them fails that request, which shows the restart really broke the connections.
"""

import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.faults.conftest import BASE_DIR, VENV_BIN, free_port, stop, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL server binaries not found in {PG_BIN}")
    # Not under pytest's tmp_path: the postgres user must be able to reach the directory.
    data = Path(tempfile.mkdtemp(prefix="carers-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "60", "-l", str(data / "server.log")]
    options = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(as_postgres(*ctl, "-o", options, "start"), check=True, capture_output=True, timeout=90)
    yield {
        "port": port,
        "restart": lambda: subprocess.run(
            as_postgres(*ctl, "-o", options, "-m", "fast", "restart"), check=True, capture_output=True, timeout=90
        ),
    }
    subprocess.run(as_postgres(*ctl, "-m", "immediate", "stop"), capture_output=True, timeout=60)
    shutil.rmtree(data, ignore_errors=True)


def serve(database_url: str, health_checks: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "CONN_HEALTH_CHECKS": str(health_checks).lower(),
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(
        [VENV_BIN / "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def health(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310 - loopback
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)
    except OSError:
        return 0, {}


def test_requests_succeed_after_postgres_restarts(private_postgres):
    url = f"postgres://postgres@127.0.0.1:{private_postgres['port']}/postgres"
    checked, checked_url = serve(url, health_checks=True)
    unchecked, unchecked_url = serve(url, health_checks=False)
    try:
        for base in (checked_url, unchecked_url):
            wait_for(lambda base=base: health(base)[0] == 200, timeout=60, what=f"gunicorn at {base}")
            assert health(base) == (200, {"status": "ok", "checks": {"database": "ok"}})

        private_postgres["restart"]()

        # The product's setting: the stale connection is noticed and replaced before the request.
        assert health(checked_url) == (200, {"status": "ok", "checks": {"database": "ok"}})
        assert health(checked_url)[0] == 200
        # The control: without health checks the first request after the restart fails ...
        status, body = health(unchecked_url)
        assert (status, body.get("status")) == (503, "down")
        # ... and Django drops the broken connection at the end of it, so the next one succeeds.
        assert health(unchecked_url)[0] == 200
    finally:
        stop(checked)
        stop(unchecked)
