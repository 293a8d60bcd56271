"""The Celery round trip through a real worker and the real Redis broker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.result import EagerResult
from django.conf import settings

from config.celery import app, ping

ROOT = Path(__file__).resolve().parents[2]


def test_tasks_run_eagerly_only_without_redis():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.REDIS_URL)


def test_no_countdown_exceeds_the_visibility_timeout():
    # A task delayed longer than the visibility timeout would be redelivered while it waits.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.redis
def test_real_worker_returns_a_task_result(tmp_path):
    queue = f"roundtrip-{os.getpid()}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        result = ping.apply_async(queue=queue)
        # Sent to the broker, not run in-process: an eager result would prove nothing about the worker.
        assert not isinstance(result, EagerResult)
        assert result.get(timeout=60) == "pong"
        assert result.state == "SUCCESS"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    log = (tmp_path / "worker.log").read_text()
    # SIGTERM is Celery's warm shutdown: the worker finishes and exits 0 (killed, or crashed, it would not).
    assert worker.returncode == 0, log
