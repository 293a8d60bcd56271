"""Budget pages: the finance officer types in seed 000's table and gets £6,303,000 back; roles,
scope, bad input and exports."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from budgets.models import Allocation, Budget, FundingStream
from budgets.seed_tables import OXFORDSHIRE_GROUPS, OXFORDSHIRE_LINES, OXFORDSHIRE_STREAMS
from commissioning.models import DeliveryMethod, ServiceLine
from tests.budgets.factories import AllocationFactory, BudgetFactory

pytestmark = pytest.mark.django_db


def test_finance_officer_types_in_the_oxfordshire_table_and_gets_6303000(client_for):
    client = client_for(Role.FINANCE_OFFICER)
    response = client.post(
        reverse("budgets:budget_create"), {"year": 2010, "name": "Carers budget", "total": "6303000.00"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    budget = Budget.objects.get()
    streams = [FundingStream.objects.get_or_create(name=name)[0].pk for name in OXFORDSHIRE_STREAMS]
    client.post(
        reverse("budgets:budget_contribution_add", args=[budget.pk]),
        {"streams": list(streams), "amount": "6303000.00", "note": "No split given"},
    )
    for name, amount in OXFORDSHIRE_GROUPS.items():
        r = client.post(reverse("budgets:budget_group_add", args=[budget.pk]), {"name": name, "amount": str(amount)})
        assert r.status_code == 302
    groups = {g.name: g.pk for g in budget.groups.all()}
    for description, service_line, method, amount in OXFORDSHIRE_LINES:
        grouped = isinstance(amount, str)
        data = {
            "description": description,
            "service_line": ServiceLine.objects.get_or_create(name=service_line)[0].pk,
            "delivery_method": DeliveryMethod.objects.get_or_create(name=method)[0].pk if method else "",
            "amount": "" if grouped else str(amount),
            "group": groups[amount] if grouped else "",
        }
        r = client.post(reverse("budgets:budget_allocation_add", args=[budget.pk]), data)
        assert r.status_code == 302, r.content.decode()[:3000]
    page = client.get(budget.get_absolute_url()).content.decode()
    assert 'data-testid="allocated">£6,303,000.00' in page
    assert 'data-testid="unallocated">£0.00' in page
    approve = client.post(reverse("budgets:budget_approve", args=[budget.pk]), {})
    assert approve.status_code == 302
    budget.refresh_from_db()
    assert budget.status == "approved"


def test_over_allocation_shows_how_much_is_left_and_saves_nothing(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    AllocationFactory(budget=budget, amount=Decimal("750.00"))
    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("budgets:budget_allocation_add", args=[budget.pk]),
        {"description": "Too much", "service_line": ServiceLine.objects.first().pk, "amount": "250.01"},
    )
    assert response.status_code == 200
    assert "£250.00 is left to allocate" in response.content.decode()
    assert Allocation.objects.filter(budget=budget).count() == 1


@pytest.mark.parametrize(("amount", "message"), [("-5", "£0.00 or more"), ("1.234", "no more than 2 decimal places")])
def test_bad_amounts_on_the_page(client_for, amount, message):
    budget = BudgetFactory()
    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("budgets:budget_allocation_add", args=[budget.pk]),
        {"description": "Bad", "service_line": ServiceLine.objects.first().pk, "amount": amount},
    )
    assert message in response.content.decode()
    assert not Allocation.objects.filter(budget=budget).exists()


def test_approve_page_names_the_funding_difference(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    response = client_for(Role.FINANCE_OFFICER).post(reverse("budgets:budget_approve", args=[budget.pk]), {})
    assert response.status_code == 200
    assert "£1,000.00 less than the budget" in response.content.decode()


def test_editing_an_approved_budget_outside_a_virement_is_refused(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"), status="approved")
    line = AllocationFactory(budget=budget, amount=Decimal("100.00"))
    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("budgets:allocation_update", args=[line.pk]),
        {"description": "Changed", "service_line": line.service_line_id, "amount": "200.00"},
    )
    assert "only through a virement" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("100.00")


def test_csc_officer_asking_for_an_export_gets_403(client_for):
    budget = BudgetFactory()
    assert client_for(Role.CSC_OFFICER).get(reverse("budgets:budget_export", args=[budget.pk])).status_code == 403


def test_commissioner_reads_but_cannot_edit(client_for):
    budget = BudgetFactory()
    client = client_for(Role.COMMISSIONER)
    assert client.get(budget.get_absolute_url()).status_code == 200
    assert client.get(reverse("budgets:budget_allocation_add", args=[budget.pk])).status_code == 403


def test_another_councils_budget_is_a_404(client_for, other_org):
    budget = BudgetFactory(organisation=other_org)
    assert client_for(Role.FINANCE_OFFICER).get(budget.get_absolute_url()).status_code == 404


def test_breakdown_csv_and_xlsx(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    AllocationFactory(budget=budget, amount=Decimal("600.50"), description="=HYPERLINK(1)")
    AllocationFactory(budget=budget, amount=Decimal("399.50"), description="Second")
    client = client_for(Role.FINANCE_OFFICER)
    url = reverse("budgets:budget_export", args=[budget.pk])
    csv = b"".join(client.get(url + "?format=csv").streaming_content).decode()
    assert csv.splitlines()[0] == (
        "\ufeffLine,Service line,Delivery method,Funding stream,Group,Allocated,Committed,Spent,Remaining,"
        "Forecast outturn,Over allocation,Financial year,Note"
    )
    assert "'=HYPERLINK(1),Brokerage,,,,600.50,0.00,0.00,600.50,0.00,No,2010/11," in csv
    assert csv.splitlines()[-1] == "Total,,,,,1000.00,0.00,0.00,1000.00,0.00,No,2010/11,"
    workbook = load_workbook(BytesIO(b"".join(client.get(url + "?format=xlsx").streaming_content)))
    assert workbook.sheetnames == ["Breakdown", "By service line", "Savings"]
    rows = list(workbook["Breakdown"].iter_rows(values_only=True))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[-1][0] == "Total" and rows[-1][5] == 1000
    cell = workbook["Breakdown"]["F2"]
    assert isinstance(cell.value, (int, float)) and "£" in cell.number_format
    assert list(workbook["By service line"].iter_rows(values_only=True))[1] == ("Brokerage", 1000, 0, 0)


def _page_queries(client, budget) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(budget.get_absolute_url()).status_code == 200
    return len(queries)


def _lines_with_spend(budget, count: int) -> None:
    from budgets.models import Spend

    lines = [AllocationFactory.build(budget=budget, amount=Decimal("1.00"), position=i) for i in range(count)]
    for line in lines:
        line.service_line_id = ServiceLine.objects.get_or_create(name="Brokerage")[0].pk
    Allocation.objects.bulk_create(lines)
    Spend.objects.bulk_create(
        Spend(allocation=line, month=date(2010, 4 + i % 9, 1), amount=Decimal("0.50"))
        for i, line in enumerate(Allocation.objects.filter(budget=budget))
    )


def test_budget_page_queries_do_not_grow_with_lines(client_for):
    """The page with 5 lines and with 500 lines (each with spend) makes the same number of queries."""
    client = client_for(Role.FINANCE_OFFICER)
    small, large = BudgetFactory(total=Decimal("100000.00")), BudgetFactory(total=Decimal("100000.00"))
    _lines_with_spend(small, 5)
    _lines_with_spend(large, 500)
    _page_queries(client, small)  # warm the session and the reference lists' caches
    assert _page_queries(client, small) == _page_queries(client, large) <= 35
    page = client.get(large.get_absolute_url()).content.decode()
    assert page.count('data-testid="line-row"') == 500


def test_budget_page_charts_allocation_by_service_line_with_its_table(client_for):
    from budgets import services

    budget = BudgetFactory(total=Decimal("1000.00"))
    group = services.group_save(budget=budget, name="Shared", amount=Decimal("450.60"))
    AllocationFactory(budget=budget, amount=None, group=group)
    AllocationFactory(budget=budget, amount=None, group=group)
    AllocationFactory(
        budget=budget, amount=Decimal("100.00"), service_line=ServiceLine.objects.get_or_create(name="Peer support")[0]
    )
    page = client_for(Role.FINANCE_OFFICER).get(budget.get_absolute_url()).content.decode()
    assert "budget-chart-data" in page and "data-kpi-chart" in page
    table = page.split('data-testid="by-service-line"')[1]
    assert table.index("Brokerage") < table.index("£450.60") < table.index("Peer support") < table.index("£100.00")


def test_efficiencies_give_the_difference_reinvested(client_for):
    budget = BudgetFactory()
    client = client_for(Role.FINANCE_OFFICER)
    response = client.post(
        reverse("budgets:budget_efficiency_add", args=[budget.pk]),
        {
            "description": "Cost of current carers centres",
            "current_cost": "846000",
            "proposed_cost": "602400.00",
            "reinvested_in": "Future developments",
        },
    )
    assert response.status_code == 302
    assert budget.efficiencies.get().difference == Decimal("243600.00")
    assert "£243,600.00" in client.get(budget.get_absolute_url()).content.decode()
    bad = client.post(
        reverse("budgets:budget_efficiency_add", args=[budget.pk]),
        {"description": "Bad", "current_cost": "-1", "proposed_cost": "1.001"},
    )
    assert bad.status_code == 200 and budget.efficiencies.count() == 1


def test_budget_page_lines_escape_their_text_and_link_each_line_to_its_own_edit_page(client_for):
    from budgets import services

    budget = BudgetFactory(total=Decimal("1000.00"))
    group = services.group_save(budget=budget, name="Shared <b>", amount=Decimal("450.60"))
    first = AllocationFactory(budget=budget, amount=None, group=group, description="First & <i>grouped</i>")
    second = AllocationFactory(budget=budget, amount=None, group=group, description="Second")
    own = AllocationFactory(budget=budget, amount=Decimal("100.00"), description="Own", note="Note <script>")
    page = client_for(Role.FINANCE_OFFICER).get(budget.get_absolute_url()).content.decode()
    rows = page.split('data-testid="lines"')[1].split("</tbody>")[0].split('data-testid="line-row"')[1:]
    assert len(rows) == 3
    for line, row in zip((first, second, own), rows, strict=True):
        assert f'href="{reverse("budgets:allocation_update", args=[line.pk])}"' in row
    assert "First &amp; &lt;i&gt;grouped&lt;/i&gt;" in rows[0] and "Shared &lt;b&gt;" in rows[0]
    assert "£450.60 (shared)" in rows[0] and "in the group above" in rows[1]
    assert "Note &lt;script&gt;" in rows[2] and "<script>" not in rows[2] and "£100.00" in rows[2]
    assert "N/A" in rows[2]  # no delivery method
