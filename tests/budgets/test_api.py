"""The budgets API: same rules as the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from commissioning.models import ServiceLine
from tests.budgets.factories import AllocationFactory, AllocationGroupFactory, BudgetFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def test_finance_officer_creates_a_line_and_is_refused_beyond_the_total(api_for):
    budget = BudgetFactory(total=Decimal("100.00"))
    api = api_for(Role.FINANCE_OFFICER)
    line = {"budget": budget.pk, "description": "A", "service_line": ServiceLine.objects.first().pk, "amount": "60.00"}
    assert api.post(reverse("api:allocation-list"), line, format="json").status_code == 201
    refused = api.post(reverse("api:allocation-list"), line, format="json")
    assert refused.status_code == 400
    assert "£40.00 is left" in str(refused.json())


def test_commissioner_reads_csc_and_brokerage_have_no_access(api_for):
    budget = BudgetFactory()
    assert api_for(Role.COMMISSIONER).get(reverse("api:budget-detail", args=[budget.pk])).status_code == 200
    for role in (Role.CSC_OFFICER, Role.BROKERAGE_OFFICER):
        assert api_for(role).get(reverse("api:budget-list")).status_code == 403
    line = {"budget": budget.pk, "description": "A", "service_line": ServiceLine.objects.first().pk, "amount": "1.00"}
    assert api_for(Role.COMMISSIONER).post(reverse("api:allocation-list"), line, format="json").status_code == 403


def test_breakdown_as_csv(api_for):
    budget = BudgetFactory()
    AllocationFactory(budget=budget, amount=Decimal("12.50"), description="Breaks")
    response = api_for(Role.FINANCE_OFFICER).get(reverse("api:budget-breakdown", args=[budget.pk]) + "?format=csv")
    assert response.status_code == 200
    assert "Breaks,Brokerage,,,,12.50" in b"".join(response.streaming_content).decode()


def test_approve_through_the_api(api_for):
    budget = BudgetFactory(total=Decimal("10.00"))
    ContributionFactory(budget=budget, amount=Decimal("9.00"))
    api = api_for(Role.FINANCE_OFFICER)
    refused = api.post(reverse("api:budget-approve", args=[budget.pk]))
    assert refused.status_code == 400 and "£1.00 less" in refused.json()["message"]
    assert api_for(Role.COMMISSIONER).post(reverse("api:budget-approve", args=[budget.pk])).status_code == 403
    assert api.get(reverse("api:budget-approve", args=[budget.pk])).status_code == 405


def test_another_councils_budget_is_a_404(api_for, other_org):
    budget = BudgetFactory(organisation=other_org)
    assert api_for(Role.FINANCE_OFFICER).get(reverse("api:budget-detail", args=[budget.pk])).status_code == 404


def test_the_list_and_a_new_budget_say_what_is_allocated(api_for, django_assert_max_num_queries):
    budget = BudgetFactory(total=Decimal("1000.00"))
    AllocationFactory(budget=budget, amount=Decimal("12.50"))
    group = AllocationGroupFactory(budget=budget, amount=Decimal("450.60"))
    AllocationFactory.create_batch(3, budget=budget, group=group, amount=None)
    api = api_for(Role.FINANCE_OFFICER)
    api.get(reverse("api:budget-list"))  # the signed-in user's rows are cached after the first
    with django_assert_max_num_queries(6):
        listed = api.get(reverse("api:budget-list")).json()["results"]
    assert [row["allocated"] for row in listed] == ["463.10"]
    created = api.post(reverse("api:budget-list"), {"year": 2011, "name": "Next", "total": "5.00"}, format="json")
    assert created.status_code == 201 and created.json()["allocated"] == "0.00"
