"""`?format=csv` on an API list is the whole filtered list, streamed, not one page."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from accounts.choices import Role
from carers import choices as c
from carers.models import AccessLog
from tests.carers.factories import CarerFactory, ContactFactory


def _rows(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert isinstance(response, StreamingHttpResponse)  # streamed, never built whole
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


@pytest.fixture
def many_carers(db):
    """More carers with 50+ hours than a page (50 by default, 2 when asked), and some without."""
    wanted = CarerFactory.create_batch(57, hours_band=c.HoursBand.FIFTY_PLUS, first_name="=HYPERLINK(1)")
    CarerFactory.create_batch(6, hours_band=c.HoursBand.UP_TO_19)
    return wanted


@pytest.mark.parametrize("page_size", [None, "2", "500"])
def test_a_csv_of_the_carers_list_is_the_whole_filtered_list(api_for, many_carers, page_size):
    query = {"format": "csv", "hours_band": c.HoursBand.FIFTY_PLUS}
    if page_size:
        query["page_size"] = page_size
    rows = _rows(api_for(Role.CSC_OFFICER).get("/api/carers/", query))
    assert sorted(int(row["id"]) for row in rows) == sorted(carer.pk for carer in many_carers)
    assert [int(row["id"]) for row in rows] == sorted((int(row["id"]) for row in rows), reverse=True)  # pages' order
    assert {row["first_name"] for row in rows} == {"'=HYPERLINK(1)"}
    assert {row["hours_band"] for row in rows} == {c.HoursBand.FIFTY_PLUS}
    assert "next" not in rows[0]


@pytest.mark.parametrize("page_size", ["0", "-5", "two", ""])
def test_a_csv_with_a_malformed_page_size_is_the_same_400_as_a_page(api_for, db, page_size):
    client = api_for(Role.CSC_OFFICER)
    as_csv = client.get("/api/carers/", {"format": "csv", "page_size": page_size})
    as_json = client.get("/api/carers/", {"page_size": page_size})
    assert as_csv.status_code == as_json.status_code == 400
    assert "page_size" in as_json.json()["errors"]


def test_the_json_list_is_still_paged(api_for, many_carers):
    page = api_for(Role.CSC_OFFICER).get("/api/carers/", {"hours_band": c.HoursBand.FIFTY_PLUS}).json()
    assert len(page["results"]) == 50 and page["next"]


def test_a_csv_of_the_carers_list_logs_every_exported_carer(api_for, many_carers):
    _rows(api_for(Role.CSC_OFFICER).get("/api/carers/", {"format": "csv", "hours_band": c.HoursBand.FIFTY_PLUS}))
    logged = AccessLog.objects.get(action=c.AccessAction.EXPORTED)  # one row for the export
    assert sorted(logged.carer_ids) == sorted(carer.pk for carer in many_carers)
    for carer in many_carers:
        assert list(AccessLog.objects.about(carer.pk)) == [logged]


def test_a_csv_of_another_list_is_whole_too_with_nested_values_flattened(api_for, db):
    carer = CarerFactory()
    for _ in range(53):
        ContactFactory(carer=carer)
    rows = _rows(api_for(Role.CSC_OFFICER).get("/api/carer-contacts/", {"format": "csv", "page_size": "5"}))
    assert len(rows) == 53 and {row["carer"] for row in rows} == {str(carer.pk)}


def test_an_empty_csv_list_still_has_its_header(api_for, db):
    query = {"format": "csv", "hours_band": c.HoursBand.FIFTY_PLUS}
    rows = b"".join(api_for(Role.CSC_OFFICER).get("/api/carers/", query).streaming_content)
    assert rows.decode("utf-8").startswith("id,url,first_name,")


def test_money_given_as_a_string_stays_a_number_and_a_phone_keeps_its_zero():
    from decimal import Decimal

    from common.api.exports import _cell

    assert _cell("-5.00") == Decimal("-5.00")
    assert _cell("07700900123") == "07700900123"
    assert _cell(["a", "b"]) == "a; b"
