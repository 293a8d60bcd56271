"""Helpers for the fault tests: free ports, private services, waiting for conditions.

Every service a fault test stops or kills is a PRIVATE one started here (its own port, its own
data directory): the machine's own PostgreSQL on 5432 and Redis on 6379 are never touched.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float = 30, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Stop a process this test started (its whole process group), by its id."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)


def current_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_… database)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class PrivateRedis:
    """A redis-server on a free port, with no persistence, that the test may stop and restart."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_for(lambda: _pings(client), timeout=10, what=f"redis on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.RedisError:
        return False


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def reset_celery_connections() -> None:
    """Drop Celery's pooled broker connections so the next publish connects to broker_url."""
    from celery import current_app
    from kombu import pools

    current_app.pool.force_close_all()
    current_app._pool = None
    current_app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def celery_broker(url: str):
    """Publish this process's Celery tasks to `url` for the duration."""
    from celery import current_app

    before = current_app.conf.broker_url
    current_app.conf.broker_url = url
    reset_celery_connections()
    try:
        yield
    finally:
        current_app.conf.broker_url = before
        reset_celery_connections()


def start_worker(redis_url: str, log: Path, *extra_env: tuple[str, str], name: str = "w1") -> subprocess.Popen:
    """A real Celery worker (prefork, one process) on the test database and the given Redis,
    logging to `log`."""
    env = {
        **os.environ,
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **dict(extra_env),
    }
    return subprocess.Popen(
        [
            VENV_BIN / "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--include",
            "tests.faults.tasks",
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
