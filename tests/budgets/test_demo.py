from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from budgets import demo, selectors
from budgets.models import Budget

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seeds_budgets_once():
    accounts_demo.load()
    demo.load()
    demo.load()
    oxford = Budget.objects.get(organisation__name="Oxfordshire County Council", year=2010)
    assert selectors.budget_totals(oxford).allocated == Decimal("6303000.00")
    assert oxford.groups.get(name__startswith="Brokerage").amount == Decimal("450600.00")
    assert "no split" in oxford.contributions.get().note
    assert oxford.efficiencies.get().difference == Decimal("243600.00")
    assert Budget.objects.get(organisation__name="Middlesbrough Council").total == Decimal("550000.00")
    assert Budget.objects.count() == 3
