"""An export's access log: one row per export listing every carer in the file, found by each
carer's access-log page, subject access export, merge and erasure exactly as a row of their own
was (on PostgreSQL through a GIN index, on SQLite through json_each)."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from accounts.choices import Role
from carers import choices as c
from carers import selectors, services
from carers.exports import carer_export_log
from carers.models import AccessLog, Carer
from common.id_list import id_list_replace
from tests.carers.factories import CarerFactory, ErasureRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


def export(carers, user, path="/carers/export/"):
    carer_export_log(carers=Carer.objects.filter(pk__in=[carer.pk for carer in carers]), user=user, path=path)
    return AccessLog.objects.filter(action=c.AccessAction.EXPORTED).order_by("-pk").first()


def exports_of(carer) -> list[AccessLog]:
    return list(selectors.access_log(carer).filter(action=c.AccessAction.EXPORTED))


def test_an_export_writes_one_row_listing_every_carer_and_each_carers_log_finds_it(csc):
    first, second, left_out = CarerFactory(), CarerFactory(), CarerFactory()
    row = export([first, second], csc, "/carers/export/?hours_band=50_plus")
    assert AccessLog.objects.count() == 1
    assert row.carer_id is None and sorted(row.carer_ids) == sorted([first.pk, second.pk])
    assert exports_of(first) == exports_of(second) == [row]
    assert exports_of(left_out) == []
    assert str(row).endswith(f"exported 2 carers at {row.at:%d/%m/%Y %H:%M}")


def test_an_export_of_no_carers_writes_nothing(csc):
    CarerFactory()
    carer_export_log(carers=Carer.objects.filter(last_name="Nobody"), user=csc, path="/carers/export/")
    carer_export_log(carers=Carer.objects.none(), user=csc, path="/carers/export/")
    assert not AccessLog.objects.exists()


def test_the_access_log_page_lists_the_export_beside_views(csc, client_for):
    carer, other = CarerFactory(), CarerFactory()
    client = client_for(Role.CSC_OFFICER)
    client.get(carer.get_absolute_url())
    b"".join(client.get(reverse("carers:carer_export")).streaming_content)
    page = client.get(reverse("carers:carer_access_log", args=[carer.pk])).text.split('data-testid="access-log"')[1]
    assert "Viewed" in page and "Exported" in page and "/carers/export/" in page
    other_page = client.get(reverse("carers:carer_access_log", args=[other.pk])).text
    assert "Exported" in other_page.split('data-testid="access-log"')[1]


def test_the_carers_export_view_logs_exactly_the_filtered_carers(client_for):
    heavy = CarerFactory(hours_band=c.HoursBand.FIFTY_PLUS)
    CarerFactory(hours_band=c.HoursBand.UP_TO_19)
    client = client_for(Role.CSC_OFFICER)
    response = client.get(reverse("carers:carer_export"), {"hours_band": c.HoursBand.FIFTY_PLUS})
    b"".join(response.streaming_content)
    assert AccessLog.objects.get().carer_ids == [heavy.pk]


def test_the_subject_access_export_holds_the_export_but_not_the_other_carers_in_it(csc):
    carer, bystander = CarerFactory(), CarerFactory(first_name="Bystander")
    row = export([carer, bystander], csc)
    data = selectors.subject_access_data(carer)
    assert [entry["id"] for entry in data["access_log"]] == [row.pk]
    entry = data["access_log"][0]
    assert entry["action"] == c.AccessAction.EXPORTED and entry["who"] == str(csc)
    assert "carer_ids" not in entry
    assert not [value for value in entry.values() if isinstance(value, list)]
    assert "Bystander" not in json.dumps(data, default=str)


def test_merge_puts_the_surviving_carer_in_the_duplicates_place(csc):
    keep, duplicate, other = CarerFactory(), CarerFactory(), CarerFactory()
    only_duplicate = export([duplicate, other], csc)
    both = export([keep, duplicate], csc)
    services.carer_merge(keep=keep, duplicate=duplicate, user=csc, reason="the same person")
    only_duplicate.refresh_from_db()
    both.refresh_from_db()
    assert sorted(only_duplicate.carer_ids) == sorted([keep.pk, other.pk])
    assert both.carer_ids == [keep.pk]  # listed once
    assert {row.pk for row in exports_of(keep)} == {only_duplicate.pk, both.pk}
    assert exports_of(duplicate) == []
    assert exports_of(other) == [only_duplicate]


def test_erasure_keeps_who_has_seen_the_record(client_for, csc):
    carer = CarerFactory()
    row = export([carer, CarerFactory()], csc)
    admin = client_for(Role.ADMINISTRATOR)
    request = ErasureRequestFactory(carer=carer)
    data = {"decision": "erase", "reason": "Asked to be forgotten"}
    assert admin.post(reverse("carers:erasurerequest_decide", args=[request.pk]), data).status_code == 302
    assert Carer.objects.get(pk=carer.pk).status == c.CarerStatus.ERASED
    assert exports_of(carer) == [row]
    page = admin.get(reverse("carers:carer_access_log", args=[carer.pk])).text
    assert "Exported" in page


def test_id_list_replace_changes_only_the_rows_listing_the_old_id(csc):
    a, b, c_, d = (CarerFactory() for _ in range(4))
    first, second = export([a, b], csc), export([c_, d], csc)
    assert id_list_replace(AccessLog.objects.all(), "carer_ids", old=a.pk, new=d.pk) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert sorted(first.carer_ids) == sorted([d.pk, b.pk]) and sorted(second.carer_ids) == sorted([c_.pk, d.pk])


def test_a_log_row_must_name_whom_it_is_about(csc):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.create(user=csc, action=c.AccessAction.EXPORTED)


@pytest.mark.postgres
def test_which_exports_held_a_carer_is_an_index_lookup_on_postgresql(csc):
    carer = CarerFactory()
    export([carer], csc)
    sql, params = selectors.access_log(carer).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)  # noqa: S608 - the ORM's own query
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accesslog_carer_ids_gin" in plan and "accesslog_carer_at_idx" in plan
