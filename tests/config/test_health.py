import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_ok_when_database_and_redis_answer(client, settings):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"


@pytest.mark.django_db
def test_healthz_degraded_when_redis_is_unreachable(client, settings):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "redis": "unreachable"}}


@pytest.mark.django_db
def test_healthz_down_when_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError

    from common import views

    def refused():
        raise OperationalError("connection refused")

    # The database going away: opening a cursor fails, as it does when PostgreSQL is down.
    monkeypatch.setattr(views.connection, "cursor", refused)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "down"
