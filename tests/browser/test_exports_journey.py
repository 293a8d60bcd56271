"""A manager downloads the carers list, filtered, as Excel from the page the menu leads to."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Organisation
from carers import choices as c
from carers.models import AccessLog
from tests.carers.factories import CarerFactory

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_csc_officer_downloads_the_filtered_carers_list_as_xlsx(page, login, demo_users, check_a11y):
    council = Organisation.objects.get(name="Oxfordshire County Council")
    many = CarerFactory(first_name="=Many", last_name="Hours", hours_band=c.HoursBand.FIFTY_PLUS, organisation=council)
    CarerFactory(first_name="Few", last_name="Hours", hours_band=c.HoursBand.UP_TO_19, organisation=council)
    login(page, demo_users["csc"])

    page.get_by_role("navigation").get_by_role("link", name="Carers", exact=True).first.click()
    page.wait_for_url("**/carers/")
    check_a11y(page)
    page.get_by_label("Hours of care", exact=True).select_option(value=c.HoursBand.FIFTY_PLUS)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**hours_band=50_plus**")
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename == "carers.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))["Carers"]  # noqa: SIM115
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [(many.pk, "'=Many", "Hours")]
    assert AccessLog.objects.about(many.pk).filter(action=c.AccessAction.EXPORTED).count() == 1
