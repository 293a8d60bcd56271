"""The X-Query-Count header exists only when the bench switches it on; the peer only with BENCH_PEER."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from carers.models import Carer
from tests.carers.factories import CarerFactory


def settings_middleware(**env) -> list[str]:
    """MIDDLEWARE as a fresh process with `env` sees it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    code = "import django; django.setup(); from django.conf import settings; print(' '.join(settings.MIDDLEWARE))"
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.split()


def test_bench_middleware_is_off_unless_its_variables_are_set():
    assert not [m for m in settings_middleware() if m.startswith("bench.")]
    switched_on = settings_middleware(BENCH_QUERY_COUNT="1", BENCH_PEER="1")
    assert switched_on[:2] == ["bench.middleware.QueryCountMiddleware", "bench.middleware.PeerUrlconfMiddleware"]


def test_no_query_count_header_in_normal_runs(client_for):
    response = client_for(Role.ADMINISTRATOR).get("/api/organisations/")
    assert response.status_code == 200
    assert "X-Query-Count" not in response.headers


def test_query_count_header_counts_every_query_of_the_request(settings, client_for):
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    client = client_for(Role.ADMINISTRATOR)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/users/")
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) == len(queries) > 0


def test_peer_is_only_served_with_its_middleware(settings, client_for):
    CarerFactory.create_batch(55)
    assert client_for(Role.CSC_OFFICER).get("/bench-peer/carers/").status_code == 404
    settings.MIDDLEWARE = ["bench.middleware.PeerUrlconfMiddleware", *settings.MIDDLEWARE]
    # A test client builds its middleware chain on its first request: take a new one.
    client = client_for(Role.CSC_OFFICER)
    # The product's own URLs are still served beside the peer.
    assert client.get("/api/areas/").status_code == 200

    response = client.get("/bench-peer/carers/", {"page": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 55 and body["previous"] and body["next"] is None
    names = list(Carer.objects.order_by("last_name", "first_name", "id").values_list("last_name", flat=True))
    assert [row["last_name"] for row in body["results"]] == names[50:]


@pytest.mark.parametrize("env", [{}, {"BENCH_QUERY_COUNT": "0"}])
def test_query_count_switch_accepts_false_values(env):
    assert "bench.middleware.QueryCountMiddleware" not in settings_middleware(**env)
