"""carers.bench at a tiny scale against the real schema: rows written, repeatable, and the
endpoints it names answer as the harness expects."""

import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.choices import Role
from bench.spec import BenchContext, Scale
from carers import bench, matching, search_quality, selectors
from carers.matching import name_keys
from carers.models import Carer, CarerSearchEntry, Contact
from carers.validators import normalise_name
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.postgres

TINY = Scale("tiny", carers=3000, contacts=30000, contracts=1, due_dates=1, allocations=1, packages=1, bids=1)


@pytest.fixture
def bench_csc(personas):
    return UserFactory(
        username="bench_csc_officer", organisation=personas[Role.CSC_OFFICER].organisation, roles=[Role.CSC_OFFICER]
    )


def _generate():
    connection.ensure_connection()
    written = bench.generate(connection.connection, TINY)
    # What the harness does after generating: move the id sequences past the explicit ids.
    with connection.cursor() as cursor:
        for table in (
            "carers_carer",
            "carers_contact",
            "carers_referral",
            "carers_assessment",
            "carers_caredforperson",
        ):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    return written


def test_generate_writes_skewed_contacts_and_heavy_carers(bench_csc):
    written = _generate()
    assert written["carers_carer"] == TINY.carers
    assert written["carers_contact"] == TINY.contacts
    assert 0 < written["carers_assessment"] < TINY.carers
    assert written["carers_referral"] > 0 and written["carers_caredforperson"] > 0
    assert Carer.objects.filter(organisation=bench_csc.organisation).count() > TINY.carers // 10
    top = max(row["n"] for row in Contact.objects.values("carer").order_by().annotate(n=Count("id")))
    assert top >= bench.HEAVY_CONTACTS
    # The search columns are what the services would have written.
    carer = Carer.objects.order_by("id").first()
    assert carer.search_name == normalise_name(carer.first_name, carer.last_name)
    assert carer.search_keys == name_keys(carer.first_name, carer.last_name)
    quoted = Carer.objects.filter(last_name__contains="'").first()
    assert quoted.search_keys == name_keys(quoted.first_name, quoted.last_name)
    assert carer.last_contact_at is not None or not carer.contacts.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'carer_search_entry_name_trgm'")
        assert cursor.fetchone()[0] == 1  # rebuilt after the load
    # Every generated carer can be found by name: the search entries were written too.
    entries = CarerSearchEntry.objects.values_list("carer_id", "organisation_id", "search_name")
    assert set(entries) == set(Carer.objects.values_list("id", "organisation_id", "search_name"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM carers_carersearchentry s JOIN carers_carer c ON c.id = s.carer_id "
            "WHERE s.search_keys <> string_to_array(btrim(c.search_keys), ' ')"
        )
        assert cursor.fetchone()[0] == 0


def test_generate_is_repeatable(bench_csc):
    _generate()
    _generate()  # a second batch after the first: the same rows, ids shifted
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', first_name, last_name, date_of_birth, search_phone, postcode), ',' "
            "ORDER BY id)) FROM carers_carer GROUP BY id <= %s ORDER BY 1",
            [TINY.carers],
        )
        first, second = (row[0] for row in cursor.fetchall())
    assert first == second


def test_bench_endpoints_answer(bench_csc, django_assert_max_num_queries):
    _generate()
    ctx = BenchContext(conn=connection.connection, scale=TINY)
    search, page, log, kpis, kpis_afresh, export, common, *quality = bench.endpoints(ctx)
    assert search.paths and page.paths and log.bodies
    # A misspelt query finds carers, and the floor SQL runs.
    text = unquote(search.paths[0].split("q=")[1])
    assert selectors.carer_search(user=bench_csc, text=text)
    with connection.cursor() as cursor:
        cursor.execute(search.floor_sql(0), search.floor_params[0])
        assert cursor.fetchall()
    # The quality set: one endpoint per kind, each floor the candidate SQL its queries run.
    assert len(quality) >= 10 and sum(len(e.paths) for e in quality) >= 300
    for endpoint in [common, *quality]:
        with connection.cursor() as cursor:
            cursor.execute(endpoint.floor_sql(0), endpoint.floor_params[0])
            cursor.fetchall()
    cases = bench._QUALITY["cases"]
    found = {c.query: [x.pk for x in selectors.carer_search(user=bench_csc, text=c.query)] for c in cases[::10]}
    recall = search_quality.recall(cases[::10], found)
    assert recall["overall"]["recall"] >= 0.95, recall
    client = APIClient()
    client.force_login(bench_csc)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(search.paths[0])
    assert search.check(response.status_code, response.content)
    # The floor is the API's own candidate SQL: the same columns, the same candidates, which the
    # one ranking rule puts in the order the API answers.
    api_sql = next(q["sql"] for q in captured if "carers_carersearchentry" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(search.floor_sql(0), search.floor_params[0])
        floor_rows = cursor.fetchall()
        floor_columns = [column.name for column in cursor.description]
    # The select list ends at the query's own FROM (not the one inside EXTRACT(EPOCH FROM ...)).
    select_list = re.split(r' FROM "carers_carer"(?!\.)', api_sql)[0]
    api_columns = re.findall(r'"carers_carer"\."(\w+)"', select_list)
    assert api_columns == floor_columns
    forms = selectors.first_name_forms(matching.query_words(text))
    ranked = matching.rank_carers(matching.name_query(selectors.parse_search(text).name, forms), floor_rows)
    expected = [m.carer_id for m in ranked][: selectors.SEARCH_LIMIT]
    assert [carer["id"] for carer in response.json()["results"]] == expected
    with django_assert_max_num_queries(page.max_queries):
        response = client.get(page.paths[0])
    assert response.status_code == 200
    assert response.content.count(b'data-kind="contact"') == 200
    response = client.post(log.paths[0], log.bodies[0], format="json")
    assert log.check(response.status_code, response.content), response.content
    # The export streams the rows the floor's COPY reads (header line aside).
    response = client.get(export.paths[0])
    assert export.check(response.status_code, b"")
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    with connection.cursor() as cursor:
        cursor.execute(export.floor, export.floor_params[0])
        assert len(lines) - 1 == len(cursor.fetchall()) > 0
    # The KPI page, cached and counted afresh, for the commissioner of the persona's council.
    commissioner = UserFactory(organisation=bench_csc.organisation, roles=[Role.COMMISSIONER])
    client.force_login(commissioner)
    for endpoint in (kpis, kpis_afresh):
        with django_assert_max_num_queries(endpoint.max_queries):
            response = client.get(endpoint.paths[0])
        assert response.status_code == 200
        assert b"Carers known and the estimated carer population" in response.content


def test_misspell_changes_the_name_the_way_people_do():
    assert bench.misspell("Smith", 0) == "smyth"
    assert bench.misspell("Phillips", 1) != "phillips"
    assert bench.misspell("Anna", 0) != "anna"
