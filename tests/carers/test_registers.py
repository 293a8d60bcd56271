"""A real council's register goes in and the right figures come out (issue 17 §1–§6, §8, §9):
unknown dates of birth, what councils write in choice columns, the background import with its
progress, values the database would refuse, age bands, suppressed monitoring counts, areas that
belong to the carer's council, and area filters that include the areas within."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import AreaLevel, Role
from accounts.selectors import area_and_descendants
from carers import choices as c
from carers import services as carer_services
from carers.imports import services
from carers.imports.choices import ImportStatus
from carers.kpis.profile import carer_profile, parse_bands
from carers.models import Carer, CarerImport
from tests.accounts.factories import AreaFactory
from tests.carers.factories import CarerFactory as CoreCarerFactory
from tests.carers.feature_factories import county

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

HEADER = "first_name,last_name,date_of_birth,hours_band,identification_source,identified_on"


class CarerFactory(CoreCarerFactory):
    """A carer known since June 2020, so figures counted as at 2025 include them."""

    identification_source = c.IdentificationSource.GP_PRACTICE
    identified_on = date(2020, 6, 1)


def csv_bytes(header: str, *lines: str) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def upload(user, content: bytes, name: str = "register.csv") -> CarerImport:
    return services.carer_import_upload(user=user, organisation=user.organisation, filename=name, content=content)


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


@pytest.fixture
def districts(home_org, other_org):
    """A county with two districts and a ward, and another council's district."""
    shire = county("Shire", home_org)
    north = AreaFactory(
        name="North", level=AreaLevel.LOCALITY, parent=shire, council=home_org, postcode_districts="OX16"
    )
    south = AreaFactory(
        name="South", level=AreaLevel.LOCALITY, parent=shire, council=home_org, postcode_districts="OX4"
    )
    ward = AreaFactory(name="South ward", level=AreaLevel.WARD, parent=south, council=home_org)
    devon = county("Devon", other_org, "EX1")
    return {"shire": shire, "north": north, "south": south, "ward": ward, "devon": devon}


# §1 An unknown date of birth -------------------------------------------------------------------


def test_rows_without_a_date_of_birth_import_as_age_not_known(csc, django_capture_on_commit_callbacks):
    carer_import = upload(
        csc,
        csv_bytes(
            HEADER,
            "Mary,Jones,,50_plus,gp_practice,2020-05-01",
            "Mary,Jones,not known,50_plus,gp_practice,2020-05-01",  # same name, no date: not a duplicate
            "Ann,Lee,N/K,0_19,hospital,2020-05-01",
        ),
    )
    assert (carer_import.status, carer_import.errors) == (ImportStatus.READY, [])
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=csc)

    assert list(Carer.objects.values_list("date_of_birth", flat=True)) == [None, None, None]
    ann = Carer.objects.get(last_name="Lee")
    assert (ann.age, ann.age_group) == (None, c.AgeGroup.NOT_KNOWN)
    profile = carer_profile(organisation=csc.organisation, on=date(2024, 1, 1))
    assert [(cell.key, cell.count) for cell in profile.age.cells if cell.count] == [("not_known", 3)]


def test_the_register_form_and_api_accept_an_unknown_date_of_birth(client_for, api_for, csc):
    response = api_for(Role.CSC_OFFICER).post(
        reverse("api:carer-list"),
        {"first_name": "Unknown", "last_name": "Birthday", "hours_band": "50_plus", "identification_source": "other"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["date_of_birth"], response.json()["age_group"]) == (None, "not_known")

    page = client_for(Role.CSC_OFFICER).post(
        reverse("carers:carer_create"),
        {
            "first_name": "Form",
            "last_name": "Person",
            "hours_band": "0_19",
            "identification_source": "other",
            "identified_on": "2024-02-01",
        },
    )
    assert page.status_code == 302
    carer = Carer.objects.get(last_name="Person")
    assert carer.date_of_birth is None
    assert "Not known" in client_for(Role.CSC_OFFICER).get(carer.get_absolute_url()).content.decode()
    assert Carer.objects.filter(pk__in=[carer.pk]).in_age_group(c.AgeGroup.NOT_KNOWN, date(2025, 1, 1)).count() == 1


# §2 Choice columns accept what councils write --------------------------------------------------


def test_choice_columns_take_codes_labels_and_the_usual_abbreviations(csc):
    header = f"{HEADER},Sex,Disabled,consent_to_share,Ethnicity,employment"
    carer_import = upload(
        csc,
        csv_bytes(
            header,
            "A,One,01/01/1950,50+,GP,2020-05-01,F,Y,Y,White British,Full-time",
            "B,Two,01/01/1951,20 to 49 hours a week,self-referral,2020-05-01,m,n,N,asian,RETIRED",
            "C,Three,01/01/1952,0-19,CSC_CALL,2020-05-01,Prefer not to say,PREFER NOT TO SAY,yes,Caribbean,",
            "D,Four,01/01/1953,50_plus,gp_practice,2020-05-01,Q,maybe,perhaps,,",
        ),
    )
    check = services.validate_rows(services.read_rows("r.csv", bytes(carer_import.content)), csc.organisation)
    one, two, three = check.carers
    assert (one.hours_band, one.identification_source, one.sex, one.disability, one.consent_to_share) == (
        "50_plus",
        "gp_practice",
        "female",
        "yes",
        True,
    )
    assert (one.ethnicity, one.employment) == ("white", "full_time")
    assert (two.hours_band, two.identification_source, two.sex, two.disability, two.employment) == (
        "20_49",
        "self_referral",
        "male",
        "no",
        "retired",
    )
    assert (three.sex, three.disability, three.ethnicity) == ("prefer_not_to_say", "prefer_not_to_say", "black")
    assert {(e["row"], e["field"]) for e in carer_import.errors} == {
        (5, "sex"),
        (5, "disability"),
        (5, "consent_to_share"),
    }


def test_an_unknown_column_and_a_missing_identified_on_are_warned_not_dropped(client_for, csc):
    header = "first_name,last_name,date_of_birth,hours_band,identification_source,NHS number"
    carer_import = upload(csc, csv_bytes(header, "A,One,01/01/1950,50_plus,gp_practice,943 476 5919"))

    assert carer_import.status == ImportStatus.READY
    assert any("Column F “NHS number” is not a column the import knows" in w for w in carer_import.warnings)
    assert any(
        "no identified_on column: every carer will be counted as identified on" in w for w in carer_import.warnings
    )
    page = client_for(Role.CSC_OFFICER).get(carer_import.get_absolute_url()).content.decode()
    assert "NHS number" in page and "Check before you import" in page


def test_the_upload_page_lists_every_column_with_its_allowed_values(client_for):
    page = client_for(Role.CSC_OFFICER).get(reverse("carers:import_create")).content.decode()
    from carers.imports.columns import COLUMNS

    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in page
    assert "Prefer not to say" in page and "(or f, woman)" in page and "50 or more hours a week" in page


# §3 Long imports run in the background with progress -------------------------------------------


def test_confirmation_queues_the_import_and_the_progress_page_follows_it(client_for, csc):
    from celery import current_app

    from tests.faults.conftest import celery_broker

    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False  # a worker that is not there yet (messages kept in memory)
    # celery_broker puts the process's broker back afterwards (overriding settings.CELERY_BROKER_URL
    # instead would leave Celery's configuration, read once from it, on memory:// for later tests,
    # and a later test publishing to a real worker would wait for its task in vain).
    with celery_broker("memory://"):
        try:
            carer_import = upload(csc, csv_bytes(HEADER, "A,One,01/01/1950,50_plus,gp_practice,2020-05-01"))
            client = client_for(Role.CSC_OFFICER)
            client.post(reverse("carers:import_confirm", args=[carer_import.pk]))
            carer_import.refresh_from_db()
            assert carer_import.status == ImportStatus.QUEUED
            assert Carer.objects.count() == 0
            page = client.get(carer_import.get_absolute_url()).content.decode()
            assert 'hx-get="' + reverse("carers:import_progress", args=[carer_import.pk]) in page
            assert "0 of 1 carers imported (0%)" in page

            cache.set(services.progress_key(carer_import.pk), {"done": 1, "total": 2})
            carer_import.row_count = 2
            carer_import.save(update_fields=["row_count"])
            progress_url = reverse("carers:import_progress", args=[carer_import.pk])
            partial = client.get(progress_url, headers={"HX-Request": "true"})
            assert "1 of 2 carers imported (50%)" in partial.content.decode()
            assert "HX-Refresh" not in partial

            services.carer_import_run(import_id=carer_import.pk, user_id=csc.pk)  # what the worker does
            # Opened as a page rather than polled, the fragment sends the browser to the import's page.
            assert client.get(progress_url).url == carer_import.get_absolute_url()
            partial = client.get(progress_url, headers={"HX-Request": "true"})
            assert partial["HX-Refresh"] == "true"
            assert Carer.objects.count() == 1
        finally:
            current_app.conf.task_always_eager = eager


def test_a_lost_message_is_sent_again_and_a_second_delivery_imports_nothing_twice(
    csc, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    carer_import = upload(csc, csv_bytes(HEADER, "A,One,01/01/1950,50_plus,gp_practice,2020-05-01"))
    # As if Redis restarted empty after the confirmation: queued in PostgreSQL, no message anywhere.
    CarerImport.objects.filter(pk=carer_import.pk).update(
        status=ImportStatus.QUEUED, queued_at=timezone.now() - timezone.timedelta(minutes=5), confirmed_by=csc
    )
    assert services.carer_import_requeue_stale(older_than_seconds=3600) == 0  # not stale yet by that rule
    with django_capture_on_commit_callbacks(execute=True):
        assert services.carer_import_requeue_stale() == 1
    carer_import.refresh_from_db()
    assert (carer_import.status, Carer.objects.count()) == (ImportStatus.IMPORTED, 1)
    # The message delivered once more (acks_late after a lost acknowledgement): nothing happens.
    services.carer_import_run(import_id=carer_import.pk, user_id=csc.pk)
    assert Carer.objects.count() == 1


def test_an_import_that_fails_midway_leaves_nothing_and_can_be_confirmed_again(
    csc, monkeypatch, django_capture_on_commit_callbacks
):
    carer_import = upload(
        csc, csv_bytes(HEADER, *[f"A{n},One,01/01/1950,50_plus,gp_practice,2020-05-01" for n in range(3)])
    )
    monkeypatch.setattr(services, "IMPORT_BATCH", 1)
    calls = []

    def failing_progress(import_id, done, total):
        calls.append(done)
        if done == 2:
            raise RuntimeError("worker lost its database")

    monkeypatch.setattr(services, "_report_progress", failing_progress)
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=csc)
    carer_import.refresh_from_db()
    assert (carer_import.status, Carer.objects.count()) == (ImportStatus.FAILED, 0)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=csc)
    carer_import.refresh_from_db()
    assert (carer_import.status, Carer.objects.count()) == (ImportStatus.IMPORTED, 3)


# §4 The check catches what the database would refuse --------------------------------------------


def test_nul_bytes_and_over_long_text_are_caught_by_the_check(client_for, csc, django_capture_on_commit_callbacks):
    long_name = "x" * 101
    content = csv_bytes(
        f"{HEADER},gp_practice",
        "A\x00nn,One,01/01/1950,50_plus,gp_practice,2020-05-01,Surgery",
        f"{long_name},Two,01/01/1950,50_plus,gp_practice,2020-05-01,Surgery",
        "C,Three,01/01/1950,50_plus,gp_practice,2020-05-01,Bad\x00Surgery",
    )
    client = client_for(Role.CSC_OFFICER)
    response = client.post(reverse("carers:import_create"), {"file": SimpleUploadedFile("r.csv", content)})
    assert response.status_code == 302
    carer_import = CarerImport.objects.get()
    assert carer_import.status == ImportStatus.INVALID
    found = {(e["row"], e["field"]): e for e in carer_import.errors}
    assert set(found) == {(2, "first_name"), (3, "first_name"), (4, "gp_practice")}
    assert found[(2, "first_name")]["message"] == "Remove the hidden NUL character (\\0) from this value."
    assert found[(2, "first_name")]["value"] == "A\\0nn"
    assert "at most 100 characters" in found[(3, "first_name")]["message"]
    assert client.get(carer_import.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("carers:import_confirm", args=[carer_import.pk])).status_code == 302
    assert Carer.objects.count() == 0


# §5 Age bands as councils report them -----------------------------------------------------------


def test_age_bands_as_at_a_chosen_date_in_bands_a_commissioner_sets(api_for, home_org):
    for born in (date(2010, 6, 1), date(2000, 6, 1), date(2000, 6, 2), date(1990, 1, 1), date(1930, 1, 1), None):
        CarerFactory(organisation=home_org, date_of_birth=born, identified_on=date(2015, 1, 1))
    CarerFactory(organisation=home_org, date_of_birth=date(1980, 1, 1), identified_on=date(2025, 1, 1))  # later

    profile = carer_profile(organisation=home_org, on=date(2018, 6, 1), bands=parse_bands("18, 25, 85"))
    # On 1 June 2018 the 2000-06-01 carer is 18 and the 2000-06-02 one still 17.
    assert [(cell.label, cell.count) for cell in profile.age.cells] == [
        ("Under 18", 2),
        ("18 to 24", 1),
        ("25 to 84", 1),
        ("85 and over", 1),
        ("Age not known", 1),
    ]
    response = api_for(Role.COMMISSIONER).get(
        reverse("api:carer-profile"), {"on": "2018-06-01", "bands": "18,25,85", "organisation": home_org.pk}
    )
    assert response.status_code == 200
    rows = response.json()["age_bands"]["rows"]
    assert [row["label"] for row in rows] == ["Under 18", "18 to 24", "25 to 84", "85 and over", "Age not known"]
    assert [row["display"] for row in rows] == ["<5"] * 5
    bad = api_for(Role.COMMISSIONER).get(reverse("api:carer-profile"), {"bands": "18,abc"})
    assert bad.status_code == 400 and "bands" in bad.json()["errors"]


# §6 Monitoring counts with small numbers suppressed ---------------------------------------------


def test_monitoring_counts_suppress_small_numbers_and_the_cell_that_would_give_them_away(
    client_for, api_for, home_org, districts
):
    for _ in range(12):
        CarerFactory(organisation=home_org, sex=c.Sex.FEMALE, area=districts["north"])
    for _ in range(7):
        CarerFactory(organisation=home_org, sex=c.Sex.MALE, area=districts["ward"])
    for _ in range(3):
        CarerFactory(organisation=home_org, sex=c.Sex.PREFER_NOT, area=districts["ward"])

    profile = carer_profile(organisation=home_org, on=date(2025, 1, 1))
    sex = next(table for table in profile.monitoring if table.key == "sex")
    shown = {cell.key: cell.display for cell in sex.cells}
    # 3 alone would be 22 − 12 − 7: so the 7 is hidden too.
    assert shown == {"female": "12", "male": "<5", "other": "0", "prefer_not_to_say": "<5", "": "0"}
    assert sex.total.display == "22"

    body = api_for(Role.FINANCE_OFFICER).get(reverse("api:carer-profile"), {"area": districts["south"].pk}).json()
    api_sex = next(table for table in body["monitoring"] if table["key"] == "sex")
    assert api_sex["total"]["count"] == 10  # the ward's carers, found from its district
    # 7 male and 3 preferring not to say: the 3 is hidden, and the 7 with it (10 − 0 − 0 would give it).
    assert {row["key"]: row["count"] for row in api_sex["rows"]} == {
        "female": 0,
        "male": None,
        "other": 0,
        "prefer_not_to_say": None,
        "": 0,
    }
    page = client_for(Role.COMMISSIONER).get(reverse("carers:kpi_profile")).content.decode()
    assert "Age and equality monitoring" in page and "&lt;5" in page


# §8 A carer's area belongs to the carer's own council -------------------------------------------


def test_another_councils_area_is_refused_on_the_area_field(api_for, districts):
    response = api_for(Role.CSC_OFFICER).post(
        reverse("api:carer-list"),
        {
            "first_name": "Wrong",
            "last_name": "Place",
            "date_of_birth": "1970-01-01",
            "hours_band": "50_plus",
            "identification_source": "other",
            "area": districts["devon"].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "belongs to another council" in response.json()["errors"]["area"][0]
    assert not Carer.objects.exists()


def test_the_area_dropdown_offers_only_the_carers_own_councils_areas(csc, districts, client_for):
    client = client_for(Role.CSC_OFFICER)
    options = client.get(reverse("carers:carer_create")).context["form"].fields["area"].queryset
    assert set(options) == {districts["shire"], districts["north"], districts["south"], districts["ward"]}
    carer = CarerFactory(organisation=csc.organisation)
    edit = client.get(reverse("carers:carer_update", args=[carer.pk])).context["form"].fields["area"].queryset
    assert districts["devon"] not in edit and districts["north"] in edit


def test_a_postcode_outside_the_council_is_kept_with_no_area_and_flagged(csc, districts, client_for, api_for):
    carer = carer_services.carer_register(
        user=csc,
        first_name="Far",
        last_name="Away",
        date_of_birth=date(1970, 1, 1),
        hours_band="50_plus",
        identification_source="other",
        postcode="EX1 1AA",  # Devon's district
    )
    assert (carer.postcode, carer.area, carer.area_review) == ("EX1 1AA", None, True)
    inside = carer_services.carer_register(
        user=csc,
        first_name="Near",
        last_name="By",
        date_of_birth=date(1971, 1, 1),
        hours_band="50_plus",
        identification_source="other",
        postcode="OX4 1AB",
    )
    assert (inside.area, inside.area_review) == (districts["south"], False)
    flagged = api_for(Role.CSC_OFFICER).get(reverse("api:carer-list"), {"area_review": "true"}).json()["results"]
    assert [row["id"] for row in flagged] == [carer.pk]
    carer_services.carer_update(carer=carer, user=csc, postcode="OX16 2AA")
    carer.refresh_from_db()
    assert (carer.area, carer.area_review) == (districts["north"], False)


def test_an_imported_postcode_outside_the_council_is_flagged_with_a_warning(
    csc, districts, django_capture_on_commit_callbacks
):
    carer_import = upload(
        csc, csv_bytes(f"{HEADER},postcode", "A,One,01/01/1950,50_plus,gp_practice,2020-05-01,EX1 1AA")
    )
    assert carer_import.status == ImportStatus.READY
    assert any("outside" in warning and "flagged for review" in warning for warning in carer_import.warnings)
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=csc)
    assert list(Carer.objects.values_list("area", "area_review")) == [(None, True)]


# §9 A county finds its districts -----------------------------------------------------------------


def test_filtering_by_a_county_includes_its_districts_and_wards_everywhere(client_for, api_for, home_org, districts):
    north = CarerFactory(organisation=home_org, area=districts["north"], last_name="Northcarer")
    ward = CarerFactory(organisation=home_org, area=districts["ward"], last_name="Wardcarer")
    CarerFactory(organisation=home_org, area=None, last_name="Nowhere")
    shire = districts["shire"].pk

    assert set(area_ids(districts["shire"])) == {
        districts["shire"].pk,
        districts["north"].pk,
        districts["south"].pk,
        districts["ward"].pk,
    }
    api_ids = {
        row["id"] for row in api_for(Role.CSC_OFFICER).get(reverse("api:carer-list"), {"area": shire}).json()["results"]
    }
    assert api_ids == {north.pk, ward.pk}
    south = {
        row["id"]
        for row in api_for(Role.CSC_OFFICER)
        .get(reverse("api:carer-list"), {"area": districts["south"].pk})
        .json()["results"]
    }
    assert south == {ward.pk}
    page = client_for(Role.CSC_OFFICER).get(reverse("carers:carer_list"), {"area": shire}).content.decode()
    assert "Northcarer" in page and "Wardcarer" in page and "Nowhere" not in page
    export = client_for(Role.CSC_OFFICER).get(reverse("carers:carer_export"), {"area": shire})
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Northcarer" in body and "Wardcarer" in body and "Nowhere" not in body


def area_ids(area):
    return area_and_descendants(area).values_list("pk", flat=True)
