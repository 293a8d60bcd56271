"""A Celery worker killed (SIGKILL) in the middle of a task: with acks_late the task stays on
the broker, another worker runs it again, and being idempotent it leaves exactly one row.

Runs real workers against a PRIVATE redis-server, with a 3-second visibility timeout so the
unacknowledged task is redelivered quickly (production waits an hour, see settings).
"""

import os
import signal
import time

import pytest
from celery import Celery

from accounts.models import Organisation
from tests.faults.conftest import start_worker, stop, wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

VISIBILITY_TIMEOUT = 3


def test_a_task_killed_midway_is_redelivered_and_runs_once(private_redis, tmp_path):
    started = tmp_path / "started"
    log = tmp_path / "workers.log"
    timeout = ("CELERY_VISIBILITY_TIMEOUT", str(VISIBILITY_TIMEOUT))
    first = start_worker(private_redis.url, log, timeout, name="first")
    second = None
    try:
        sender = Celery(broker=private_redis.url)
        sender.send_task("tests.faults.record_key", args=["killed-midway", str(started), 5])

        wait_for(started.exists, timeout=90, what="the first worker to start the task")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        assert not Organisation.objects.filter(name="killed-midway").exists()

        second = start_worker(private_redis.url, log, timeout, name="second")
        wait_for(
            lambda: Organisation.objects.filter(name="killed-midway").exists(),
            timeout=120,
            what="the redelivered task to finish",
        )
        time.sleep(VISIBILITY_TIMEOUT + 2)  # room for any further (duplicate) delivery
        assert Organisation.objects.filter(name="killed-midway").count() == 1
        assert started.read_text().count("started") >= 2, "the task ran again after the kill"
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)
