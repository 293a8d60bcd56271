"""Queue Celery tasks after the transaction commits, without losing them when Redis is down.

    from jobs.services import enqueue
    enqueue(send_reminder, notification.pk)

`enqueue` publishes once the surrounding transaction commits (a task never sees uncommitted or
rolled-back rows). If the broker cannot be reached, the task is written to the outbox table
instead of failing the request, and `outbox_flush` (run every minute by beat, see
CELERY_BEAT_SCHEDULE) publishes it when the broker is back. Delivery is therefore at least
once: tasks must be idempotent, as every task here is (STYLE.md §7).
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from jobs.models import OutboxTask

log = logging.getLogger(__name__)

# What publishing raises when the broker is unreachable (kombu wraps most into OperationalError).
BROKER_ERRORS = (OperationalError, RedisError, ConnectionError, TimeoutError)
# Celery retries a failed publish this often before giving up: briefly, as a request is waiting.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# No task is queued with an ETA/countdown longer than the broker's visibility timeout
# (CELERY_BROKER_TRANSPORT_OPTIONS), or Redis would deliver it twice.
MAX_COUNTDOWN = 60 * 60


def _publish(name: str, args: list, kwargs: dict) -> None:
    task = current_app.tasks.get(name)
    if task is not None:  # apply_async honours CELERY_TASK_ALWAYS_EAGER (the embedded default)
        task.apply_async(args, kwargs, retry=True, retry_policy=PUBLISH_RETRY)
    else:
        current_app.send_task(name, args=args, kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY)


def publish_or_keep(name: str, args: list, kwargs: dict) -> bool:
    """Publish the task now; if the broker is unreachable, keep it in the outbox. True if sent."""
    try:
        _publish(name, args, kwargs)
        return True
    except BROKER_ERRORS as exc:
        log.warning("broker unreachable, keeping %s in the outbox: %s", name, exc)
        OutboxTask.objects.create(task=name, args=args, kwargs=kwargs, last_error=str(exc)[:1000])
        return False


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` when the current transaction commits (at once outside one).

    Arguments must be JSON-serialisable (ids, not objects)."""
    name = task if isinstance(task, str) else task.name
    transaction.on_commit(lambda: publish_or_keep(name, list(args), dict(kwargs)))


@transaction.atomic
def outbox_flush(*, limit: int = 500) -> int:
    """Publish the tasks kept in the outbox, oldest first, and delete each one sent.

    Stops at the first failure (the broker is still down) and counts the attempt. Rows are
    locked with SKIP LOCKED, so flushes running at once on several workers send each task once.
    Returns how many were sent."""
    sent = 0
    for row in OutboxTask.objects.select_for_update(skip_locked=True).order_by("id")[:limit]:
        try:
            _publish(row.task, row.args, row.kwargs)
        except BROKER_ERRORS as exc:
            row.attempts += 1
            row.last_error = str(exc)[:1000]
            row.save(update_fields=["attempts", "last_error"])
            break
        row.delete()
        sent += 1
    return sent
