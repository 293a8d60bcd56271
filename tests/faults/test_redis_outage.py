"""Redis stopped: pages and the API keep working, /healthz says degraded, and a task queued
while Redis was down is kept in the outbox and delivered (to a real worker) once it is back.

The app is pointed at a PRIVATE redis-server for the test; the machine's Redis is not touched.
"""

import json

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import jobs
from accounts.choices import Role
from accounts.models import Organisation
from accounts.roles import role_groups_sync
from jobs.models import OutboxTask
from jobs.services import outbox_flush
from tests.accounts.factories import UserFactory
from tests.faults.conftest import celery_broker, reset_celery_connections, start_worker, stop, wait_for
from tests.faults.tasks import record_key

pytestmark = [
    pytest.mark.faults,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def app_on_private_redis(private_redis, settings):
    """Cache, health check and Celery broker all on the private Redis for this test."""
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": private_redis.url},
    }
    with celery_broker(private_redis.url):
        yield private_redis


def test_pages_api_and_queued_tasks_survive_a_redis_outage(app_on_private_redis, client, tmp_path):
    redis = app_on_private_redis
    role_groups_sync()  # transactional tests start from an empty database
    # Organisations (councils among them) are the deployment administrator's to add.
    user = UserFactory(username="fault_admin", roles=[Role.DEPLOYMENT_ADMINISTRATOR])
    client.force_login(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.get(reverse("healthz"))
    assert (response.status_code, json.loads(response.content)["status"]) == (200, "ok")

    redis.stop()

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:organisation_list")).status_code == 200
    assert api.get(reverse("api:organisation-list")).status_code == 200
    response = api.post(reverse("api:organisation-list"), {"name": "Written while Redis was down", "kind": "council"})
    assert response.status_code == 201
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "unreachable"},
    }

    # A task queued now through the project's task path (jobs.enqueue, by name as the product
    # does) is not lost: the request carries on and the task waits in the outbox.
    with transaction.atomic():
        jobs.enqueue(record_key.name, "queued-while-redis-was-down")
    assert list(OutboxTask.objects.values_list("task", "args")) == [
        ("tests.faults.record_key", ["queued-while-redis-was-down"])
    ]
    assert outbox_flush() == 0  # still down: kept, attempt counted
    assert OutboxTask.objects.get().attempts == 1

    redis.start()  # back, on the same port
    reset_celery_connections()
    assert outbox_flush() == 1
    assert not OutboxTask.objects.exists()

    worker = start_worker(redis.url, tmp_path / "worker.log")
    try:
        wait_for(
            lambda: Organisation.objects.filter(name="queued-while-redis-was-down").exists(),
            timeout=90,
            what="the worker to run the task kept during the outage",
        )
    finally:
        stop(worker)
    response = client.get(reverse("healthz"))
    assert (response.status_code, json.loads(response.content)["status"]) == (200, "ok")
