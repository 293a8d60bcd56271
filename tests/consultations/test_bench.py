"""consultations.bench at a tiny scale against the real schema: rows written and the endpoints answer
with a constant number of queries."""

import pytest
from django.db import connection
from django.test import Client

from accounts.choices import Role
from bench.spec import BenchContext, Scale
from consultations import bench
from consultations.models import ConsultationEvent
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.postgres

TINY = Scale("tiny", carers=1, contacts=1, contracts=50, due_dates=1, allocations=1, packages=1, bids=1)


def test_generate_and_endpoints(personas, django_assert_max_num_queries):
    user = UserFactory(
        username="bench_commissioner", organisation=personas[Role.COMMISSIONER].organisation, roles=[Role.COMMISSIONER]
    )
    connection.ensure_connection()
    written = bench.generate(connection.connection, TINY)
    assert written["consultations_consultationevent"] == 50
    assert written["consultations_keymessage"] == 500
    assert written["consultations_consultationaction"] == 150
    # A fifth are the persona council's; the test database may have no other council to spread the rest over.
    assert ConsultationEvent.objects.visible_to(user).count() >= 10
    client = Client()
    client.force_login(user)
    for endpoint in bench.endpoints(BenchContext(conn=connection.connection, scale=TINY)):
        with django_assert_max_num_queries(endpoint.max_queries or 30):
            response = client.get(endpoint.paths[0])
        assert response.status_code == 200, endpoint.name
        if endpoint.floor:
            with connection.cursor() as cursor:
                cursor.execute(endpoint.floor, endpoint.floor_params[0])
                assert cursor.fetchall()
