"""Every app's bench module at tiny scale, inside the test database: its generator runs, each
endpoint answers 200 to its role's bench persona, and each floor query runs."""

import pytest
from django.db import connection
from django.test import Client

from accounts.bench import BENCH_PASSWORD, PERSONAS
from accounts.choices import Role
from accounts.models import User
from bench.data import _resync_sequences, bench_modules
from bench.spec import BenchContext, Scale

pytestmark = pytest.mark.postgres


@pytest.fixture
def bench_data(db):
    connection.ensure_connection()
    raw = connection.connection  # psycopg, inside the test's transaction
    scale = Scale.named("tiny")
    for module in bench_modules():
        module.generate(raw, scale)
    _resync_sequences(raw)
    return BenchContext(raw, scale)


def test_every_bench_endpoint_answers_its_role_and_its_floor_runs(bench_data):
    clients = {}
    for module in bench_modules():
        for endpoint in module.endpoints(bench_data):
            role = str(endpoint.role)
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(User.objects.get(username=PERSONAS[role]))
            for index, path in enumerate(endpoint.paths):
                if endpoint.method == "GET":
                    response = clients[role].get(path)
                    assert response.status_code == 200, f"{endpoint.name}: {path} answered {response.status_code}"
                else:
                    body = endpoint.bodies[index % len(endpoint.bodies)] if endpoint.bodies else {}
                    if endpoint.json:
                        response = clients[role].post(path, body, content_type="application/json")
                    else:
                        response = clients[role].post(path, body)
                    assert response.status_code in (200, 201, 204, 302, 303), f"{endpoint.name}: {path} refused"
                if endpoint.check:
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    assert endpoint.check(response.status_code, body), f"{endpoint.name}: check failed on {path}"
            if endpoint.floor:
                for params in endpoint.floor_params or [()]:
                    bench_data.conn.execute(endpoint.floor, params).fetchall()


def test_bench_personas_have_one_role_each_and_a_two_factor_device(bench_data):
    for role, username in PERSONAS.items():
        user = User.objects.get(username=username)
        assert user.role_names == [str(role)]
        assert user.totpdevice_set.filter(confirmed=True).count() == 1
    assert User.objects.get(username=PERSONAS[Role.CSC_OFFICER]).check_password(BENCH_PASSWORD)
