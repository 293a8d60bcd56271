"""The search entries the database triggers keep (PostgreSQL): one row per findable carer,
whatever wrote the carer — a service, bulk_create, QuerySet.update or a delete."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers import selectors, services
from carers.models import Carer, CarerSearchEntry
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import CarerFactory, ErasureRequestFactory

pytestmark = pytest.mark.postgres


def _entry(carer) -> tuple | None:
    return CarerSearchEntry.objects.filter(carer_id=carer.pk).values_list("organisation_id", "search_name").first()


def _ctid(carer) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text FROM carers_carersearchentry WHERE carer_id = %s", [carer.pk])
        return cursor.fetchone()[0]


def test_registering_a_carer_writes_their_entry(personas):
    carer = services.carer_register(
        user=personas[Role.CSC_OFFICER],
        first_name="Mary",
        last_name="O'Neill",
        date_of_birth=datetime.date(1961, 2, 3),
        hours_band=c.HoursBand.FROM_20_TO_49,
        identification_source=c.IdentificationSource.CSC_CALL,
    )
    assert _entry(carer) == (carer.organisation_id, carer.search_name)
    assert carer.search_name == "mary o neill"


def test_bulk_created_carers_get_entries(db):
    organisation = OrganisationFactory(name="Devon County Council")
    carers = [
        Carer(
            first_name=name,
            last_name="Tremayne",
            date_of_birth=datetime.date(1950, 1, 1),
            hours_band=c.HoursBand.UP_TO_19,
            identification_source=c.IdentificationSource.OTHER,
            identified_on=datetime.date(2024, 4, 1),
            organisation=organisation,
        )
        for name in ("Ann", "Bryn", "Cerys")
    ]
    for carer in carers:
        carer.refresh_search_columns()
    created = Carer.objects.bulk_create(carers)
    assert sorted(CarerSearchEntry.objects.filter(carer__in=created).values_list("search_name", flat=True)) == [
        "ann tremayne",
        "bryn tremayne",
        "cerys tremayne",
    ]


def test_a_renamed_or_moved_carer_is_found_under_the_new_name_and_organisation(db):
    carer = CarerFactory(first_name="John", last_name="Smith")
    carer.last_name = "Smyth Jones"
    carer.refresh_search_columns()
    carer.save()
    assert _entry(carer) == (carer.organisation_id, "john smyth jones")
    elsewhere = OrganisationFactory(name="Devon County Council")
    Carer.objects.filter(pk=carer.pk).update(organisation=elsewhere)
    assert _entry(carer) == (elsewhere.pk, "john smyth jones")


@pytest.mark.parametrize("status", [c.CarerStatus.RESTRICTED, c.CarerStatus.ERASED])
def test_only_active_carers_have_entries(db, status):
    carer = CarerFactory()
    Carer.objects.filter(pk=carer.pk).update(status=status)
    assert _entry(carer) is None
    Carer.objects.filter(pk=carer.pk).update(status=c.CarerStatus.ACTIVE)
    assert _entry(carer) == (carer.organisation_id, carer.search_name)


def test_a_merged_away_record_leaves_the_search(personas):
    keep = CarerFactory(first_name="John", last_name="Smith")
    duplicate = CarerFactory(first_name="Jon", last_name="Smith")
    services.carer_merge(keep=keep, duplicate=duplicate, user=personas[Role.ADMINISTRATOR], reason="Same person")
    assert _entry(duplicate) is None
    assert _entry(keep) is not None


def test_an_erased_carer_leaves_the_search(personas):
    carer = CarerFactory(first_name="Eliza", last_name="Doolittle")
    request = ErasureRequestFactory(carer=carer)
    services.erasure_decide(
        request=request, user=personas[Role.ADMINISTRATOR], decision=c.ErasureDecision.ERASE, reason="Asked"
    )
    assert _entry(carer) is None
    assert not CarerSearchEntry.objects.filter(search_name__contains="doolittle").exists()


def test_a_deleted_carer_takes_their_entry(db):
    carer = CarerFactory()
    pk = carer.pk
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM carers_carer WHERE id = %s", [pk])
    assert not CarerSearchEntry.objects.filter(carer_id=pk).exists()


def test_saving_other_columns_leaves_the_entry_untouched(db):
    # The update trigger fires only when the name, organisation or status changes: logging a
    # contact (which saves the carer's last contact) writes no new version of the entry.
    carer = CarerFactory()
    before = _ctid(carer)
    Carer.objects.filter(pk=carer.pk).update(last_contact_at=timezone.now())
    carer.refresh_from_db()
    carer.save()
    assert _ctid(carer) == before


def test_search_keeps_to_the_users_organisation_and_a_superuser_sees_all(personas, django_user_model):
    home = CarerFactory(first_name="John", last_name="Smith")
    other = CarerFactory(first_name="John", last_name="Smith", organisation=OrganisationFactory(name="Devon"))
    assert selectors.carer_search(user=personas[Role.CSC_OFFICER], text="jon smyth") == [home]
    superuser = django_user_model.objects.create_superuser(username="root", email="root@example.org", password="x")
    assert set(selectors.carer_search(user=superuser, text="jon smyth")) == {home, other}
