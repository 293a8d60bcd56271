"""The register's pages: bad input answered on its field with nothing saved, another council's
contract a 404, filters, export, and constant query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from commissioning.models import Contract, ContractAmendment, ServiceLine
from tests.commissioning.factories import (
    AmendmentFactory,
    ContractFactory,
    KpiFactory,
    KpiReturnFactory,
    ProviderFactory,
    ThresholdFactory,
    commissioner,
)

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "reference": "OCC-NEW-1",
        "title": "Carers Support Service",
        "provider": ProviderFactory().pk,
        "service_lines": [ServiceLine.objects.get_or_create(name="Carers support service")[0].pk],
        "total_value": "1351800.00",
        "annual_value": "450600.00",
        "start_date": "01/04/2026",
        "initial_end_date": "31/03/2029",
        "extension_options": "12 12",
        "notice_period_months": "6",
        "review_frequency": "quarterly",
    }
    return data | overrides


def test_commissioner_adds_a_contract(client_for):
    response = client_for(Role.COMMISSIONER).post(reverse("commissioning:contract_create"), _form())
    contract = Contract.objects.get(reference="OCC-NEW-1")
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    assert contract.accountable_body.name == "Oxfordshire County Council"
    assert contract.annual_value == Decimal("450600.00")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("initial_end_date", "31/03/2025", "The end must be on or after the start."),
        ("total_value", "100.123", "Ensure that there are no more than 2 decimal places."),
        ("total_value", "-5", "Ensure this value is greater than or equal to 0."),
        ("total_value", "lots", "Enter a number."),
        ("annual_value", "2000000", "The annual value cannot be more than the total value."),
        ("start_date", "30/02/2027", "Enter a real date, for example 27/03/2007"),
        ("extension_options", "two years", "Write each option's length in months"),
        ("initial_end_date", "31/12/9999", "Enter a date between 1980 and 2100."),
        ("notice_period_months", "600", "Ensure this value is less than or equal to 24."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_saved(client_for, field, value, message):
    response = client_for(Role.COMMISSIONER).post(reverse("commissioning:contract_create"), _form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert not Contract.objects.filter(reference="OCC-NEW-1").exists()


def test_a_commissioner_of_another_council_editing_a_contract_gets_404(client, outsider):
    contract = ContractFactory()
    client.force_login(outsider)
    for name in ("contract_detail", "contract_update", "contract_extend", "contract_amend", "contract_review"):
        assert client.get(reverse(f"commissioning:{name}", args=[contract.pk])).status_code == 404, name
    response = client.post(reverse("commissioning:contract_update", args=[contract.pk]), _form())
    assert response.status_code == 404


def test_a_partner_reads_a_contract_but_cannot_change_it(client, other_org):
    contract = ContractFactory()
    contract.on_behalf_of.add(other_org)
    client.force_login(commissioner(other_org))
    response = client.get(reverse("commissioning:contract_detail", args=[contract.pk]))
    assert response.status_code == 200 and not response.context["can_extend"]
    assert client.get(reverse("commissioning:contract_extend", args=[contract.pk])).status_code == 404


def test_extension_beyond_the_options_is_refused_on_the_page(client_for):
    contract = ContractFactory(extension_options="12", annual_value=Decimal("10000"), total_value=Decimal("30000"))
    client = client_for(Role.COMMISSIONER)
    url = reverse("commissioning:contract_extend", args=[contract.pk])
    assert client.post(url, {"rationale": "Year 4"}).status_code == 302
    # The page no longer offers it; posting anyway is refused with the reason, on the field.
    response = client.post(url, {"rationale": "Year 5"})
    assert "No extension option is left" in str(response.context["form"].errors["months"])
    assert ContractAmendment.objects.filter(contract=contract).count() == 1


def test_extension_above_a_threshold_without_its_decision_is_refused_on_the_page(client_for):
    ThresholdFactory(over_value=Decimal("150000"), decision_body="Executive")
    contract = ContractFactory()
    client = client_for(Role.COMMISSIONER)
    url = reverse("commissioning:contract_extend", args=[contract.pk])
    page = client.get(url)
    assert "needs a decision of" in page.content.decode()
    response = client.post(url, {"rationale": "Two more years"})
    assert "needs a decision of Executive" in str(response.context["form"].errors["decided_on"])
    assert not ContractAmendment.objects.exists()
    response = client.post(
        url, {"rationale": "Two more years", "decided_on": "17/09/2024", "decision_reference": "EX/2024/09"}
    )
    assert response.status_code == 302
    assert ContractAmendment.objects.get().decision_body == "Executive"


def test_register_filters_expiring_and_decision_due(client_for):
    from django.utils import timezone

    from commissioning.terms import add_months

    today = timezone.localdate()
    soon = ContractFactory(start_date=date(2020, 1, 1), initial_end_date=add_months(today, 4), notice_period_months=3)
    later = ContractFactory(start_date=date(2020, 1, 1), initial_end_date=add_months(today, 20), notice_period_months=6)
    client = client_for(Role.COMMISSIONER)
    url = reverse("commissioning:contract_list")
    listed = lambda query: {row.record.pk for row in client.get(url, query).context["table"].rows}  # noqa: E731
    assert listed({"expiring_within": 6}) == {soon.pk}
    assert listed({"decision_due_within": 2}) == {soon.pk}
    assert listed({"decision_due_within": 15}) == {soon.pk, later.pk}
    assert client.get(url, {"expiring_within": "x"}).context["filter"].errors


def test_register_exports_csv_of_the_filtered_rows(client_for):
    ContractFactory(reference="OCC-A", title="=HYPERLINK()")
    response = client_for(Role.FINANCE_OFFICER).get(reverse("commissioning:contract_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "OCC-A,'=HYPERLINK()" in body
    assert "1650000.00" in body


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_register_and_contract_page_queries_do_not_grow_with_rows(client_for):
    client = client_for(Role.COMMISSIONER)
    contract = ContractFactory()
    AmendmentFactory(contract=contract)
    KpiReturnFactory(kpi=KpiFactory(contract=contract))
    client.get("/")  # the session and the identity cache warmed, as for any later request
    few_list = _count(client, reverse("commissioning:contract_list"))
    few_page = _count(client, contract.get_absolute_url())
    for _ in range(5):
        ContractFactory()
        AmendmentFactory(contract=contract)
    kpi = KpiFactory(contract=contract)
    for _ in range(5):
        KpiReturnFactory(kpi=kpi)
    assert _count(client, reverse("commissioning:contract_list")) == few_list
    assert _count(client, contract.get_absolute_url()) == few_page


def test_contract_page_lists_each_kpis_returns_newest_first_escaped(client_for):
    contract = ContractFactory()
    kpi = KpiFactory(contract=contract, name="Carers identified")
    KpiReturnFactory(kpi=kpi, period_end=date(2024, 3, 31), actual="231", comment="Winter <dip>", rating="approaching")
    KpiReturnFactory(kpi=kpi, period_end=date(2024, 6, 30), actual="260", rating="good")
    KpiFactory(contract=contract, name="Carers assessed")

    body = client_for(Role.COMMISSIONER).get(contract.get_absolute_url()).content.decode()

    june, march = body.index("30 Jun 2024"), body.index("31 Mar 2024")
    assert june < march
    assert "Winter &lt;dip&gt;" in body and "<dip>" not in body
    assert "Good" in body[june:march] and "Approaching target" in body[march:]
    assert body.count("No returns yet.") == 1  # the KPI with none


def test_home_page_leads_with_the_decision_due_soonest(client_for):
    from django.utils import timezone

    from commissioning.terms import add_months

    today = timezone.localdate()
    ContractFactory(reference="LATER", start_date=date(2020, 1, 1), initial_end_date=add_months(today, 9))
    ContractFactory(reference="SOONER", start_date=date(2020, 1, 1), initial_end_date=add_months(today, 7))
    panels = client_for(Role.COMMISSIONER).get("/").context["panels"]
    assert panels[0].title == "Decision due: SOONER" and panels[1].title == "Decision due: LATER"


def test_recording_a_review_and_a_kpi_return(client_for):
    contract = ContractFactory(next_review_date=date(2026, 1, 15), review_frequency="annual")
    kpi = KpiFactory(contract=contract, frequency="quarterly")
    client = client_for(Role.COMMISSIONER)
    client.post(reverse("commissioning:contract_review", args=[contract.pk]), {"reviewed_on": "15/01/2026"})
    contract.refresh_from_db()
    assert contract.next_review_date == date(2027, 1, 15)
    response = client.post(
        reverse("commissioning:contractkpi_return", args=[kpi.pk]),
        {"period_end": "31/12/2025", "actual": "240", "rating": "approaching"},
    )
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.next_return_due == date(2026, 3, 31)


def test_chart_has_its_data_table(client_for):
    response = client_for(Role.FINANCE_OFFICER).get(reverse("commissioning:contract_chart"))
    assert 'data-testid="expiry-table"' in response.content.decode()
    assert len(response.context["quarters"]) >= 12


def test_calendar_feed_lists_ends_and_decisions(client):
    owner = commissioner()
    contract = ContractFactory(owner=owner, initial_end_date=date(2027, 3, 31), notice_period_months=6)
    client.force_login(owner)
    body = client.get(reverse("commissioning:contract_calendar")).content.decode()
    assert "BEGIN:VCALENDAR" in body and f"UID:contract-end-{contract.pk}@" in body
    assert "DTSTART;VALUE=DATE:20270331" in body and "DTSTART;VALUE=DATE:20260930" in body
