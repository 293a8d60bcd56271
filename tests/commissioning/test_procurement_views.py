"""The pipeline's pages: the board by stage with its filters, create/edit/move/cancel, lots with
their over-estimate warning, bidders, award, and constant query counts."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from commissioning.choices import Stage
from commissioning.models import Contract, Procurement, ServiceLine
from tests.commissioning.factories import (
    LotFactory,
    ProcurementFactory,
    RiskFactory,
    TenderBidFactory,
)

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "reference": "OCC-PROC-1",
        "title": "Carers Support Service",
        "route": "open",
        "service_lines": [ServiceLine.objects.get_or_create(name="Carers support service")[0].pk],
        "estimated_value": "2500000.00",
    }
    return data | overrides


def test_commissioner_starts_a_procurement(client_for):
    response = client_for(Role.COMMISSIONER).post(reverse("commissioning:procurement_create"), _form())
    procurement = Procurement.objects.get(reference="OCC-PROC-1")
    assert response.status_code == 302 and response["Location"] == procurement.get_absolute_url()
    assert procurement.estimated_value == Decimal("2500000.00")


@pytest.mark.parametrize(
    ("field", "value", "on", "message"),
    [
        ("estimated_value", "-1", "estimated_value", "Ensure this value is greater than or equal to 0."),
        ("estimated_value", "1.234", "estimated_value", "Ensure that there are no more than 2 decimal places."),
        ("route", "exemption", "exemption_approval", "An exemption from the tender rules needs its approval record."),
        ("route", "collaborative", "lead_organisation", "Name the organisation leading the collaborative procurement."),
        ("service_lines", [], "service_lines", "This field is required."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_saved(client_for, field, value, on, message):
    response = client_for(Role.COMMISSIONER).post(reverse("commissioning:procurement_create"), _form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(on, [])), errors
    assert not Procurement.objects.filter(reference="OCC-PROC-1").exists()


def test_the_board_groups_by_stage_and_filters_by_owner_and_route(client_for, personas):
    owner = personas[Role.COMMISSIONER]
    ProcurementFactory(title="Breaks tender", owner=owner, route="restricted")
    shortlist = ProcurementFactory(title="Brokerage tender", route="open")
    Procurement.objects.filter(pk=shortlist.pk).update(stage=Stage.SHORTLIST)
    ProcurementFactory(title="Other council's", organisation=commissioner_org_other())
    client = client_for(Role.COMMISSIONER)
    page = client.get(reverse("commissioning:procurement_list"))
    board = {column["stage"]: [p.title for p in column["cards"]] for column in page.context["columns"]}
    assert board[Stage.MARKET_ENGAGEMENT] == ["Breaks tender"] and board[Stage.SHORTLIST] == ["Brokerage tender"]
    by_owner = client.get(reverse("commissioning:procurement_list"), {"owner": owner.pk})
    assert [p.title for c in by_owner.context["columns"] for p in c["cards"]] == ["Breaks tender"]
    by_route = client.get(reverse("commissioning:procurement_list"), {"route": "open"})
    assert [p.title for c in by_route.context["columns"] for p in c["cards"]] == ["Brokerage tender"]
    assert client.get(reverse("commissioning:procurement_list"), {"route": "sealed"}).status_code == 200


def commissioner_org_other():
    from tests.accounts.factories import OrganisationFactory

    return OrganisationFactory(name="Devon County Council")


def test_board_queries_do_not_grow_with_procurements(client_for):
    client = client_for(Role.COMMISSIONER)
    ProcurementFactory.create_batch(2)
    client.get(reverse("commissioning:procurement_list"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("commissioning:procurement_list"))
    ProcurementFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("commissioning:procurement_list"))
    assert len(many) == len(few)


def test_detail_shows_lots_warning_and_queries_do_not_grow(client_for):
    procurement = ProcurementFactory(estimated_value=Decimal("1000000.00"))
    LotFactory(procurement=procurement, number=1, value=Decimal("700000.00"))
    TenderBidFactory(lot=LotFactory(procurement=procurement, number=2, value=Decimal("400000.00")))
    RiskFactory(procurement=procurement)
    client = client_for(Role.COMMISSIONER)
    url = procurement.get_absolute_url()
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert "£100,000.00 more than the procurement's estimate of £1,000,000.00" in html.unescape(page.content.decode())
    for number in range(3, 8):
        TenderBidFactory.create_batch(2, lot=LotFactory(procurement=procurement, number=number, value=Decimal("1")))
        RiskFactory(procurement=procurement)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_lot_added_over_the_estimate_is_saved_and_warned(client_for):
    procurement = ProcurementFactory(estimated_value=Decimal("100000.00"))
    client = client_for(Role.COMMISSIONER)
    response = client.post(
        reverse("commissioning:procurement_lot_create", args=[procurement.pk]),
        {"number": "1", "title": "Young Carers", "value": "150000.00", "term_months": "36", "extension_options": "24"},
        follow=True,
    )
    assert procurement.lots.count() == 1
    assert "£50,000.00 more than the procurement's estimate" in html.unescape(response.content.decode())


def test_moving_on_through_the_page_and_a_refused_move_on_its_field(client_for):
    procurement = ProcurementFactory(route="restricted")
    client = client_for(Role.COMMISSIONER)
    url = reverse("commissioning:procurement_move", args=[procurement.pk])
    refused = client.post(url, {"to": Stage.EVALUATION, "on": "19/08/2021"})
    assert "cannot move to Evaluation" in str(refused.context["form"].errors["to"])
    moved = client.post(url, {"to": Stage.SELECTION, "on": "19/08/2021"})
    assert moved.status_code == 302
    procurement.refresh_from_db()
    assert procurement.stage == Stage.SELECTION
    cancel = client.post(
        reverse("commissioning:procurement_cancel", args=[procurement.pk]),
        {"reason": "Market too thin", "on": "1/9/2021"},
    )
    assert cancel.status_code == 302
    procurement.refresh_from_db()
    assert procurement.stage == Stage.CANCELLED
    again = client.post(url, {"to": Stage.SHORTLIST, "on": "2/9/2021"})
    assert "was cancelled" in str(again.context["form"].errors["to"])


def test_bidder_excluded_without_reason_on_its_field_and_award_through_the_page(client_for):
    procurement = ProcurementFactory(reference="ST-1")
    Procurement.objects.filter(pk=procurement.pk).update(stage=Stage.STANDSTILL, standstill_ends_on=date(2020, 1, 1))
    lot = LotFactory(procurement=procurement, number=1)
    bid = TenderBidFactory(lot=lot)
    client = client_for(Role.COMMISSIONER)
    refused = client.post(reverse("commissioning:bid_update", args=[bid.pk]), {"status": "excluded"})
    assert "Give the reason for the exclusion." in str(refused.context["form"].errors["exclusion_reason"])
    not_shortlisted = client.post(
        reverse("commissioning:lot_award", args=[lot.pk]), {"bid": bid.pk, "start_date": "01/04/2022"}
    )
    assert "was not shortlisted" in str(not_shortlisted.context["form"].errors["bid"])
    for status in ("shortlisted", "submitted"):
        client.post(reverse("commissioning:bid_update", args=[bid.pk]), {"status": status, "price": "900000"})
    awarded = client.post(
        reverse("commissioning:lot_award", args=[lot.pk]), {"bid": bid.pk, "start_date": "01/04/2022"}
    )
    assert awarded.status_code == 302
    contract = Contract.objects.get(procurement=procurement)
    assert contract.reference == "ST-1-L1" and contract.total_value == Decimal("900000.00")
    assert contract.provider == bid.bidder


def test_the_commissioners_home_shows_the_risk_matrix_with_its_table(client_for):
    RiskFactory(likelihood=3, severity=5)
    RiskFactory(likelihood=3, severity=5)
    RiskFactory(likelihood=1, severity=2, status="closed")
    RiskFactory(likelihood=4, severity=4, organisation=commissioner_org_other())
    page = client_for(Role.COMMISSIONER).get("/")
    matrix = next(panel.data for panel in page.context["panels"] if panel.include)
    cells = {(row["likelihood"], cell["severity"]): cell["count"] for row in matrix["rows"] for cell in row["cells"]}
    assert cells[(3, 5)] == 2 and cells[(4, 4)] == 0 and cells[(1, 2)] == 0 and matrix["total"] == 2
    body = page.content.decode()
    assert 'data-testid="risk-matrix"' in body and 'data-testid="cell-3-5">2<' in body
    assert "High and very high risks" in body
