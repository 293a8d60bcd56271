"""Bulk import of carers: dry run with every error and its row number, then all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.choices import Role
from carers.imports import services
from carers.imports.choices import ImportStatus
from carers.models import Carer, CarerImport
from common.errors import DomainError
from tests.carers.factories import CarerFactory
from tests.carers.feature_factories import county

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

HEADER = "first_name,last_name,date_of_birth,hours_band,identification_source,postcode,phone,consent_to_share"
GOOD = [
    "Margaret,Okafor,12/03/1948,50_plus,gp_practice,OX4 1AB,01865 123456,yes",
    "John,Smith,1961-07-01,20 to 49 hours a week,Hospital,ox16 5aa,,no",
    "Aisha,Khan,01/01/1990,0_19,school,,07700 900123,",
]


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


@pytest.fixture
def areas(home_org):
    return {"oxford": county("Oxford City", home_org, "OX1 OX4"), "north": county("North", home_org, "OX16")}


def upload(client, content: bytes, name: str = "carers.csv"):
    return client.post(reverse("carers:import_create"), {"file": SimpleUploadedFile(name, content)})


def test_a_bad_row_in_the_middle_imports_nothing_and_lists_every_error(
    client_for, areas, django_capture_on_commit_callbacks
):
    client = client_for(Role.CSC_OFFICER)
    content = csv_bytes(
        GOOD[0],
        "Peter,Jones,01/01/2090,50_plus,gp_practice,NOT A POSTCODE,12345,maybe",  # row 3
        GOOD[1],
        "Ann,Brown,01/01/1950,lots,gp_practice,,,",  # row 5
        GOOD[2],
    )

    response = upload(client, content)

    carer_import = CarerImport.objects.get()
    assert response.status_code == 302
    assert carer_import.status == ImportStatus.INVALID
    found = {(e["row"], e["field"]) for e in carer_import.errors}
    assert found == {
        (3, "date_of_birth"),
        (3, "postcode"),
        (3, "phone"),
        (3, "consent_to_share"),
        (5, "hours_band"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "6 problems in 2 rows: nothing was imported" in page  # the postcode is too long and invalid
    assert "Enter a real UK postcode" in page
    with pytest.raises(DomainError):
        services.carer_import_confirm(carer_import=carer_import, user=carer_import.uploaded_by)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("carers:import_confirm", args=[carer_import.pk]))
    assert Carer.objects.count() == 0


def test_a_valid_list_is_imported_with_areas_search_columns_and_history(
    client_for, areas, personas, django_capture_on_commit_callbacks
):
    client = client_for(Role.CSC_OFFICER)
    response = upload(client, csv_bytes(*GOOD))
    carer_import = CarerImport.objects.get()
    assert carer_import.status == ImportStatus.READY
    assert Carer.objects.count() == 0  # a dry run only

    # Tasks run in-process in the tests (as on the embedded default) once the confirmation commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("carers:import_confirm", args=[carer_import.pk]))

    carer_import.refresh_from_db()
    assert (carer_import.status, carer_import.imported_count, bytes(carer_import.content)) == ("imported", 3, b"")
    margaret = Carer.objects.get(last_name="Okafor")
    assert margaret.area == areas["oxford"]
    assert (margaret.search_name, margaret.search_phone, margaret.postcode) == (
        "margaret okafor",
        "01865123456",
        "OX4 1AB",
    )
    assert margaret.consent_to_share is True
    assert margaret.organisation == personas[Role.CSC_OFFICER].organisation
    john = Carer.objects.get(last_name="Smith")
    assert (john.area, john.hours_band, john.identification_source) == (areas["north"], "20_49", "hospital")
    assert margaret.history.count() == 1
    assert response.status_code == 302


def test_importing_twice_is_refused(areas, personas, django_capture_on_commit_callbacks):
    user = personas[Role.CSC_OFFICER]
    carer_import = services.carer_import_upload(
        user=user, organisation=user.organisation, filename="c.csv", content=csv_bytes(GOOD[0])
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=user)
    with pytest.raises(DomainError, match="already imported"):
        services.carer_import_confirm(carer_import=carer_import, user=user)
    assert Carer.objects.count() == 1


def test_xlsx_lists_are_read_with_real_dates(areas, personas):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Date of birth", "Hours band", "Identification source"])
    sheet.append(["Keith", "Evans", date(1955, 2, 3), "50_plus", "outreach"])
    sheet.append(["Jean", "Evans", "not a date", "50_plus", "outreach"])
    stream = io.BytesIO()
    workbook.save(stream)
    user = personas[Role.ADMINISTRATOR]

    carer_import = services.carer_import_upload(
        user=user, organisation=user.organisation, filename="list.xlsx", content=stream.getvalue()
    )

    assert carer_import.errors == [
        {
            "row": 3,
            "field": "date_of_birth",
            "message": "Enter a date like 31/12/1960 or 1960-12-31, or leave it empty if it is not known.",
            "value": "not a date",
        }
    ]


def test_duplicates_within_the_file_and_against_the_register_are_refused(areas, personas, home_org):
    CarerFactory(first_name="Aisha", last_name="Khan", date_of_birth=date(1990, 1, 1), organisation=home_org)
    user = personas[Role.CSC_OFFICER]
    carer_import = services.carer_import_upload(
        user=user, organisation=user.organisation, filename="c.csv", content=csv_bytes(GOOD[0], GOOD[2], GOOD[0])
    )
    messages = {(e["row"], e["message"]) for e in carer_import.errors}
    assert messages == {
        (3, "A carer with this name and date of birth is already held."),
        (4, "Same name and date of birth as row 2."),
    }


def test_the_register_changing_after_the_dry_run_refuses_the_whole_import(
    areas, personas, home_org, django_capture_on_commit_callbacks
):
    user = personas[Role.CSC_OFFICER]
    carer_import = services.carer_import_upload(
        user=user, organisation=user.organisation, filename="c.csv", content=csv_bytes(*GOOD)
    )
    CarerFactory(first_name="John", last_name="Smith", date_of_birth=date(1961, 7, 1), organisation=home_org)
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_import_confirm(carer_import=carer_import, user=user)
    carer_import.refresh_from_db()
    assert carer_import.status == ImportStatus.INVALID
    assert carer_import.errors[0]["message"] == "A carer with this name and date of birth is already held."
    assert Carer.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("c.csv", b"first_name,last_name\nA,B\n", "missing: date_of_birth, hours_band, identification_source"),
        ("c.txt", b"anything", "Upload a CSV (.csv) or Excel (.xlsx) file."),
        ("c.xlsx", b"not a workbook", "The Excel file could not be read."),
        ("c.csv", HEADER.encode() + b"\n", "no carers"),
        ("c.csv", "first_name\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_unreadable_files_are_refused_on_the_file_field(client_for, name, content, message):
    response = upload(client_for(Role.CSC_OFFICER), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CarerImport.objects.exists()


def test_error_export_neutralises_formulas(client_for, areas):
    client = client_for(Role.CSC_OFFICER)
    upload(client, csv_bytes("Eve,Hacker,01/01/1970,50_plus,gp_practice,=HYPERLINK(1),,"))
    carer_import = CarerImport.objects.get()
    response = client.get(reverse("carers:import_errors", args=[carer_import.pk]))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "\n2,postcode," in body.replace("\r\n", "\n")


def test_error_report_offers_xlsx_with_row_numbers_as_numbers(client_for, areas):
    import io

    from openpyxl import load_workbook

    client = client_for(Role.CSC_OFFICER)
    upload(client, csv_bytes("Eve,Hacker,01/01/1970,50_plus,gp_practice,=HYPERLINK(1),,"))
    carer_import = CarerImport.objects.get()
    page = client.get(reverse("carers:import_detail", args=[carer_import.pk])).text
    assert 'data-testid="errors-xlsx"' in page
    response = client.get(reverse("carers:import_errors", args=[carer_import.pk]), {"format": "xlsx"})
    assert response["Content-Disposition"] == f'attachment; filename="import-{carer_import.pk}-errors.xlsx"'
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Problems"].iter_rows(values_only=True))
    assert rows[0] == ("Row", "Field", "Problem", "Value given")
    postcode = next(row for row in rows[1:] if row[1] == "postcode")
    assert postcode[0] == 2 and postcode[3] == "'=HYPERLINK(1)"


def test_only_roles_holding_carers_records_may_import(client_for):
    url = reverse("carers:import_create")
    assert client_for(Role.CSC_OFFICER).get(url).status_code == 200
    assert client_for(Role.ADMINISTRATOR).get(url).status_code == 200
    for role in (Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.BROKERAGE_OFFICER):
        assert client_for(role).get(url).status_code == 403


def test_another_organisations_import_is_not_found(client_for, other_org, personas):
    from tests.carers.feature_factories import CarerImportFactory

    foreign = CarerImportFactory(organisation=other_org, uploaded_by=personas[Role.COMMISSIONER])
    assert client_for(Role.CSC_OFFICER).get(reverse("carers:import_detail", args=[foreign.pk])).status_code == 404


def test_import_pages_query_counts(client_for, personas, django_assert_max_num_queries):
    from tests.carers.feature_factories import CarerImportFactory

    user = personas[Role.CSC_OFFICER]
    imports = CarerImportFactory.create_batch(
        15, uploaded_by=user, errors=[{"row": n, "field": "postcode", "message": "Bad", "value": ""} for n in range(50)]
    )
    client = client_for(Role.CSC_OFFICER)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:import_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:import_detail", args=[imports[0].pk])).status_code == 200
