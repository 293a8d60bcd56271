"""The demo contracts from the seeds, and the sources the app registers."""

from datetime import date
from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from budgets.commitments import sources as commitment_sources
from commissioning import demo
from commissioning.models import Contract
from reminders.registry import get_source

pytestmark = pytest.mark.django_db


def test_demo_contracts_from_the_seeds_load_once():
    accounts_demo.load()
    demo.load()
    count = Contract.objects.count()
    demo.load()
    assert Contract.objects.count() == count
    centre = Contract.objects.with_current().get(reference="OCC-CC-01")
    # Seed 000: a one-year extension to April 2011 "with no option for further extensions".
    assert centre.current.end == date(2011, 3, 31) and centre.options_left == []
    tees = Contract.objects.with_current().get(reference="RCBC-STCO-L1")
    # Seed 003: from 1 April 2022 for 3 + 2 years, £550k a year, led by Redcar & Cleveland.
    assert tees.start_date == date(2022, 4, 1) and tees.annual_value == Decimal("550000.00")
    assert tees.accountable_body.name == "Redcar & Cleveland Borough Council"
    assert {o.name for o in tees.on_behalf_of.all()} >= {"Middlesbrough Council"}
    assert tees.current.end == date(2027, 3, 31)
    assert Contract.objects.filter(accountable_body__name="Doncaster Metropolitan Borough Council").count() == 5


def test_sources_are_registered():
    names = {source.name for source in commitment_sources()}
    assert "commissioning.contracts" in names
    for name in (
        "commissioning.contract_end",
        "commissioning.decision_due",
        "commissioning.contract_review",
        "commissioning.accreditation_expiry",
        "commissioning.kpi_return_due",
    ):
        assert get_source(name) is not None, name
    assert get_source("commissioning.contract_end").default_leads == ("12m", "6m", "3m", "1m")


def test_demo_procurements_from_the_seeds_load_once():
    from commissioning.models import Procurement, Risk

    accounts_demo.load()
    demo.load()
    counts = Procurement.objects.count(), Risk.objects.count()
    demo.load()
    assert (Procurement.objects.count(), Risk.objects.count()) == counts
    cancelled = Procurement.objects.get(reference="OCC-CC-2009")
    assert cancelled.stage == "cancelled" and "Invitation to Tender" in cancelled.cancellation_reason
    assert Procurement.objects.get(reference="OCC-CC-EX-2010").exemption_approval.startswith("Cabinet, March 2010")
    brokerage = Procurement.objects.get(reference="OCC-SB-2010").lots.get()
    assert brokerage.bids.count() == 27 and brokerage.bids.filter(shortlisted_on__isnull=False).count() == 14
    tees = Procurement.objects.get(reference="RCBC-STCO")
    assert [lot.title[:12] for lot in tees.lots.all()] == ["Adult Carers", "Young Carers"]
    assert tees.transitions.first().on == date(2021, 8, 19) and tees.lead_organisation.name.startswith("Redcar")
    assert tees.lots.get(number=1).contract.start_date == date(2022, 4, 1)
    assert Contract.objects.get(reference="RCBC-STCO-L1").procurement == tees
    assert Risk.objects.filter(organisation__name="Oxfordshire County Council").count() == 3
    from commissioning.procurement_selectors import lot_evaluation

    framework = Procurement.objects.get(reference="DMBC-SHCS-OF").lots.get()
    ranks = [row.bid.rank for row in lot_evaluation(framework)["rows"]]
    assert ranks[0] == 1 and len(ranks) == 5
