"""The pipeline's API: the same rules and messages as the pages, through the same services."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from commissioning.choices import Stage
from commissioning.models import Contract, Procurement, ServiceLine
from tests.commissioning.factories import LotFactory, ProcurementFactory, TenderBidFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas[Role.COMMISSIONER])
    return client


def test_create_move_and_refuse_a_move_the_table_does_not_allow(api):
    line = ServiceLine.objects.get_or_create(name="Carers support service")[0]
    created = api.post(
        "/api/procurements/",
        {
            "reference": "API-1",
            "title": "Breaks",
            "route": "restricted",
            "estimated_value": "500000.00",
            "service_lines": [line.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    refused = api.post(f"/api/procurements/{pk}/move/", {"to": "evaluation"}, format="json")
    assert refused.status_code == 400 and "cannot move to Evaluation" in refused.json()["errors"]["to"][0]
    moved = api.post(f"/api/procurements/{pk}/move/", {"to": "selection", "on": "2021-08-19"}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "selection"
    assert moved.json()["transitions"][0]["on"] == "2021-08-19"
    cancelled = api.post(f"/api/procurements/{pk}/cancel/", {"reason": "Budget withdrawn"}, format="json")
    assert cancelled.json()["stage"] == "cancelled"


def test_lots_over_the_estimate_are_warned(api):
    procurement = ProcurementFactory(estimated_value=Decimal("100.00"))
    made = api.post(
        "/api/lots/",
        {"procurement": procurement.pk, "number": 1, "title": "Lot", "value": "150.00", "term_months": 12},
        format="json",
    )
    assert made.status_code == 201, made.json()
    warning = api.get(f"/api/procurements/{procurement.pk}/").json()["lot_warning"]
    assert "£50.00 more than the procurement's estimate of £100.00" in warning


def test_award_through_the_api_and_refusals_on_the_bid(api):
    procurement = ProcurementFactory(reference="API-AW")
    Procurement.objects.filter(pk=procurement.pk).update(stage=Stage.STANDSTILL, standstill_ends_on=date(2020, 1, 1))
    lot = LotFactory(procurement=procurement, number=1)
    withdrawn = TenderBidFactory(lot=lot, status="withdrawn", shortlisted_on=date(2019, 1, 1))
    good = TenderBidFactory(lot=lot, status="submitted", shortlisted_on=date(2019, 1, 1), price=Decimal("1200.00"))
    refused = api.post(f"/api/lots/{lot.pk}/award/", {"bid": withdrawn.pk, "start_date": "2022-04-01"}, format="json")
    assert refused.status_code == 400 and "withdrew" in refused.json()["errors"]["bid"][0]
    awarded = api.post(f"/api/lots/{lot.pk}/award/", {"bid": good.pk, "start_date": "2022-04-01"}, format="json")
    assert awarded.status_code == 200, awarded.json()
    assert Contract.objects.get(pk=awarded.json()["contract"]).procurement == procurement


def test_another_councils_lot_is_not_found(client, outsider):
    lot = LotFactory()
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(f"/api/lots/{lot.pk}/").status_code == 404
    bid = TenderBidFactory(lot=lot)
    refused = api.post("/api/tender-bids/", {"lot": lot.pk, "bidder": bid.bidder.pk}, format="json")
    assert refused.status_code == 400 and "lot" in refused.json()["errors"]
