from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.choices import Role
from accounts.models import User
from budgets import demo, selectors, services
from budgets.choices import BudgetStatus
from budgets.models import Budget, Spend
from budgets.seed_tables import OXFORDSHIRE_LINES

pytestmark = pytest.mark.django_db

OXFORDSHIRE = {"organisation__name": "Oxfordshire County Council", "year": 2010}


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


def test_demo_approves_the_budgets_and_records_their_monthly_spend_once():
    accounts_demo.load()
    demo.load()
    first = (Spend.objects.count(), Spend.history.count(), Spend.objects.aggregate(s=Sum("amount"))["s"])
    demo.load()
    assert (Spend.objects.count(), Spend.history.count(), Spend.objects.aggregate(s=Sum("amount"))["s"]) == first

    oxford = Budget.objects.get(**OXFORDSHIRE)
    assert set(Budget.objects.values_list("status", flat=True)) == {BudgetStatus.APPROVED}
    spend = Spend.objects.filter(allocation__budget=oxford)
    # Every line of the report's table, April to December 2010 (quarter 3 of 2010/11).
    assert spend.count() == len(OXFORDSHIRE_LINES) * 9 == 21 * 9
    assert set(spend.values_list("month", flat=True)) == {date(2010, month, 1) for month in range(4, 13)}
    assert spend.aggregate(s=Sum("amount"))["s"] == Decimal("4337439.20")
    assert Spend.objects.filter(allocation__budget__organisation__name="Middlesbrough Council").count() == 2 * 9
    assert Spend.objects.filter(allocation__budget__year=2017).aggregate(s=Sum("amount"))["s"] == Decimal("600400.00")
    # The allocations are untouched: £6,303,000 to the penny.
    assert selectors.budget_totals(oxford).allocated == Decimal("6303000.00")


def test_the_demo_spend_is_under_the_allocation_on_most_lines_and_over_on_one():
    accounts_demo.load()
    demo.load()
    figures = selectors.budget_figures(Budget.objects.get(**OXFORDSHIRE))
    lines = {line.description: line for line in figures.lines}
    befriending = lines["Befriending & Sitting Networks"]
    assert befriending.spent == Decimal("33300.00") and befriending.over
    assert befriending.remaining == Decimal("-3300.00")
    assert [line.description for line in figures.lines if line.over] == ["Befriending & Sitting Networks"]
    # Future developments (a group of six lines sharing £520,000): 17% spent, well under.
    future = lines["Carers & Employment"]
    assert future.first_in_group and future.remaining == Decimal("520000.00") - Decimal("88400.00")
    breaks = lines["Breaks for Carers"]
    assert breaks.spent == Decimal("2747020.00") and breaks.outturn == breaks.spent
    assert figures.budget.remaining > 0 and not figures.budget.over


def test_a_budget_with_spend_already_recorded_gets_no_demo_spend():
    accounts_demo.load()
    demo.load()
    tees = Budget.objects.get(organisation__name="Middlesbrough Council")
    Spend.objects.filter(allocation__budget=tees).delete()
    line = tees.allocations.order_by("id").first()
    finance = User.objects.get(username="finance")
    services.spend_record(allocation=line, month=date(2022, 4, 1), amount=Decimal("1000.00"), user=finance)
    demo.load()
    assert list(Spend.objects.filter(allocation__budget=tees).values_list("amount", flat=True)) == [Decimal("1000.00")]


def test_the_budget_page_shows_the_demo_spend_outturn_and_the_line_over_allocation(client_for):
    accounts_demo.load()
    demo.load()
    oxford = Budget.objects.get(**OXFORDSHIRE)
    page = client_for(Role.FINANCE_OFFICER).get(reverse("budgets:budget_detail", args=[oxford.pk])).content.decode()
    assert "£4,337,439.20" in page  # spent, in the summary and the lines' total
    assert "£33,300.00" in page
    assert page.count('data-testid="over"') == 1
    assert "£6,303,000.00" in page
