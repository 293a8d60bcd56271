"""enqueue / outbox_flush without a broker to hand: nothing is sent before commit or after a
rollback, and a task that cannot be published waits in the outbox (and counts its attempts)."""

import pytest
from django.db import transaction

from jobs.models import OutboxTask
from jobs.services import enqueue, outbox_flush
from tests.faults.conftest import celery_broker, free_port
from tests.faults.tasks import record_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """A broker URL where nothing listens: every publish fails at once (connection refused)."""
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def test_a_task_is_sent_only_when_the_transaction_commits(broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(record_key, "k1")
    assert len(callbacks) == 1
    assert not OutboxTask.objects.exists()  # nothing attempted before the commit


def test_a_rolled_back_transaction_queues_nothing(broker_down, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue(record_key, "k1")
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert not OutboxTask.objects.exists()


@pytest.mark.redis  # without a broker Celery runs tasks eagerly: no outbox
def test_an_unreachable_broker_keeps_the_task_in_the_outbox(broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(record_key, "k1", seconds=0)
        enqueue("tests.faults.record_key", "k2")
    kept = list(OutboxTask.objects.values_list("task", "args", "kwargs", "attempts"))
    assert kept == [
        ("tests.faults.record_key", ["k1"], {"seconds": 0}, 0),
        ("tests.faults.record_key", ["k2"], {}, 0),
    ]
    assert OutboxTask.objects.first().last_error

    assert outbox_flush() == 0  # still down: the first stays, its attempt counted, the rest untried
    assert list(OutboxTask.objects.values_list("attempts", flat=True)) == [1, 0]
