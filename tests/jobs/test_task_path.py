"""Every task the product sends goes through jobs.enqueue (after commit, outbox while Redis is
down): nothing outside jobs/services.py publishes to the broker itself."""

import ast
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings

import jobs
from jobs.models import OutboxTask
from tests.jobs.test_services import broker_down  # noqa: F401 - the fixture

ROOT = Path(settings.BASE_DIR)
# Celery's ways of publishing a task: task.delay(), task.apply_async(), app.send_task(), signature().
PUBLISH_CALLS = {"delay", "apply_async", "send_task", "signature", "s", "si"}
# The one module allowed to publish (beat publishes the CELERY_BEAT_SCHEDULE entries itself).
ALLOWED = {ROOT / "jobs" / "services.py"}
NOT_PRODUCT = {"tests", "node_modules", "staticfiles", "static", "frontend"}


def _product_modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or parts[0] in NOT_PRODUCT or "migrations" in parts:
            continue
        yield path


def _publishes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PUBLISH_CALLS:
            label = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{label}:{node.lineno} .{node.func.attr}()")
    return found


def test_nothing_outside_jobs_publishes_a_task_itself():
    offenders = [hit for path in _product_modules() if path not in ALLOWED for hit in _publishes(path)]
    assert offenders == []


def test_the_scan_finds_a_direct_publish(tmp_path):
    """The check above would see a task sent around the outbox."""
    module = tmp_path / "sends.py"
    module.write_text("from carers.kpis.tasks import kpi_cache_warm\n\nkpi_cache_warm.delay()\n")
    assert [hit.split(" ")[-1] for hit in _publishes(module)] == [".delay()"]


@pytest.mark.django_db
def test_jobs_enqueue_by_task_name_keeps_the_task_while_the_broker_is_down(
    broker_down,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    # Publish for real even on the embedded default (which runs tasks in-process): the broker is
    # a port where nothing listens, so no Redis is needed to see the task kept.
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("tests.faults.record_key", "import-42")
    assert list(OutboxTask.objects.values_list("task", "args", "kwargs")) == [
        ("tests.faults.record_key", ["import-42"], {})
    ]
