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
