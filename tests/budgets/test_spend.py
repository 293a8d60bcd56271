"""Actual spend (entered per line and month, imported all or nothing, read from carers grants),
commitments matched to lines, and the figures that follow: committed, spent, remaining, forecast
outturn and the over-allocation flag, on the page, in the exports and in the API."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.choices import Role
from budgets import selectors, services
from budgets.imports import spend_import_check, spend_import_confirm
from budgets.models import Spend, SpendImport
from commissioning.models import ServiceLine
from common.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.brokerage.factories import CarePackageFactory
from tests.budgets.factories import AllocationFactory, AllocationGroupFactory, BudgetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(personas):
    return personas[Role.FINANCE_OFFICER]


def _line(budget, name="Breaks", amount="1000.00", service_line="Breaks for carers", **kw):
    return AllocationFactory(
        budget=budget,
        description=name,
        amount=Decimal(amount) if amount else None,
        service_line=ServiceLine.objects.get_or_create(name=service_line)[0],
        **kw,
    )


def test_spend_is_recorded_per_line_and_month_and_a_new_figure_replaces_it(finance):
    line = _line(BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00")))
    services.spend_record(allocation=line, month=date(2010, 5, 17), amount=Decimal("120.00"), user=finance)
    services.spend_record(allocation=line, month=date(2010, 5, 1), amount=Decimal("125.50"), user=finance)
    (spend,) = Spend.objects.all()
    assert (spend.month, spend.amount, spend.recorded_by) == (date(2010, 5, 1), Decimal("125.50"), finance)


@pytest.mark.parametrize(
    ("month", "amount", "field"),
    [
        (date(2011, 4, 1), "1.00", "month"),  # next financial year
        (date(2010, 3, 1), "1.00", "month"),  # the year before
        (date(2010, 6, 1), "-1.00", "amount"),
        (date(2010, 6, 1), "1.005", "amount"),
    ],
)
def test_spend_refuses_bad_months_and_amounts_on_their_field(finance, month, amount, field):
    line = _line(BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00")))
    with pytest.raises(ValidationError) as refused:
        services.spend_record(allocation=line, month=month, amount=Decimal(amount), user=finance)
    assert field in refused.value.message_dict
    assert not Spend.objects.exists()


def test_a_closed_budgets_spend_is_final_and_a_commissioner_cannot_record(finance):
    line = _line(BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00"), status="closed"))
    with pytest.raises(DomainError):
        services.spend_record(allocation=line, month=date(2010, 6, 1), amount=Decimal("1.00"), user=finance)
    with pytest.raises(PermissionDenied):
        services.spend_record(
            allocation=line, month=date(2010, 6, 1), amount=Decimal("1.00"), user=UserFactory(roles=[Role.COMMISSIONER])
        )


def test_figures_per_line_and_budget_with_commitments_spend_outturn_and_flag(finance):
    budget = BudgetFactory(organisation=finance.organisation, year=2024, total=Decimal("20000.00"))
    breaks = _line(budget, "Breaks", "8000.00")
    peer = _line(budget, "Peer support", "500.00", service_line="Peer support")
    # A package of the same service line all year: 365 days, 52 1/7 weeks at £150 → £7,821.43.
    package = CarePackageFactory(
        category=breaks.service_line,
        weekly_cost=Decimal("150.00"),
        start_on=date(2023, 6, 1),
        review_on=date(2025, 6, 1),
    )
    assert package.organisation_id == budget.organisation_id
    services.spend_record(allocation=breaks, month=date(2024, 4, 1), amount=Decimal("650.00"), user=finance)
    services.spend_record(allocation=peer, month=date(2024, 5, 1), amount=Decimal("300.00"), user=finance)
    services.spend_record(allocation=peer, month=date(2024, 6, 1), amount=Decimal("250.00"), user=finance)
    figures = selectors.budget_figures(budget)
    first, second = figures.lines
    assert (first.committed, first.spent, first.outturn) == (Decimal("7821.43"), Decimal("650.00"), Decimal("7821.43"))
    assert (first.remaining, first.over) == (Decimal("178.57"), False)
    assert (second.committed, second.spent, second.outturn, second.remaining, second.over) == (
        Decimal("0.00"),
        Decimal("550.00"),
        Decimal("550.00"),
        Decimal("-50.00"),
        True,
    )
    assert figures.budget.committed == Decimal("7821.43") and figures.budget.spent == Decimal("1200.00")


def test_a_group_is_judged_on_its_shared_amount_on_its_first_line(finance):
    budget = BudgetFactory(organisation=finance.organisation, total=Decimal("1000.00"))
    group = AllocationGroupFactory(budget=budget, amount=Decimal("100.00"))
    one = _line(budget, "One", None, group=group, position=1)
    two = _line(budget, "Two", None, group=group, position=2)
    services.spend_record(allocation=one, month=date(2010, 4, 1), amount=Decimal("60.00"), user=finance)
    services.spend_record(allocation=two, month=date(2010, 4, 1), amount=Decimal("50.00"), user=finance)
    first, second = selectors.budget_figures(budget).lines
    assert (first.remaining, first.over) == (Decimal("-10.00"), True)
    assert (second.remaining, second.over) == (None, False)


def test_carers_grants_paid_in_the_year_count_as_spend(finance):
    from tests.carers.feature_factories import CarerGrantFactory

    grant = CarerGrantFactory(
        status="approved",
        amount_awarded=Decimal("250.00"),
        decided_on=date(2010, 9, 1),
        paid_on=date(2010, 9, 3),
    )
    assert grant.organisation_id == finance.organisation_id
    budget = BudgetFactory(organisation=grant.organisation, total=Decimal("1000.00"))
    figures = selectors.budget_figures(budget)
    assert figures.grants_spent == Decimal("250.00") and figures.budget.spent == Decimal("250.00")


CSV_OK = b"line,month,amount,note\nBreaks,2010-04,100.00,April\n2,May 2010,\xc2\xa3200.50,\n"


def test_spend_import_dry_run_then_all_rows(finance):
    budget = BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00"))
    _line(budget, "Breaks", position=1)
    peer = _line(budget, "Peer", position=2)
    checked = spend_import_check(user=finance, budget=budget, filename="spend.csv", content=CSV_OK)
    assert checked.status == SpendImport.Status.READY and checked.errors == []
    assert not Spend.objects.exists()  # the dry run records nothing
    spend_import_confirm(user=finance, spend_import=checked)
    assert Spend.objects.get(allocation=peer).amount == Decimal("200.50")
    assert Spend.objects.count() == 2
    with pytest.raises(DomainError):
        spend_import_confirm(user=finance, spend_import=checked)  # once


def test_spend_import_reports_every_bad_row_with_row_and_column_and_records_nothing(finance):
    budget = BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00"))
    _line(budget, "Breaks")
    content = (
        b"Line,Month,Amount\n"
        b"Breaks,2010-04,100.00\n"
        b"Nowhere,2010-05,1.00\n"
        b"Breaks,2012-05,1.00\n"
        b"Breaks,2010-06,-5\n"
        b"Breaks,2010-07,1.234\n"
        b"Breaks,2010-04,3.00\n"
    )
    checked = spend_import_check(user=finance, budget=budget, filename="spend.csv", content=content)
    assert checked.status == SpendImport.Status.FAILED
    assert [(e["row"], e["field"]) for e in checked.errors] == [
        (3, "line"),
        (4, "month"),
        (5, "amount"),
        (6, "amount"),
        (7, "month"),
    ]
    with pytest.raises(DomainError):
        spend_import_confirm(user=finance, spend_import=checked)
    assert not Spend.objects.exists()


def test_spend_import_reads_xlsx_and_refuses_a_file_without_its_columns(finance):
    budget = BudgetFactory(organisation=finance.organisation, total=Decimal("5000.00"))
    _line(budget, "Breaks")
    workbook = Workbook()
    workbook.active.append(["Line", "Month", "Amount"])
    workbook.active.append(["Breaks", date(2010, 8, 15), 99.5])
    buffer = BytesIO()
    workbook.save(buffer)
    checked = spend_import_check(user=finance, budget=budget, filename="spend.xlsx", content=buffer.getvalue())
    assert checked.status == SpendImport.Status.READY and checked.rows[0]["month"] == "2010-08-01"
    with pytest.raises(ValidationError):
        spend_import_check(user=finance, budget=budget, filename="spend.csv", content=b"what,ever\n1,2\n")


def test_finance_officer_enters_spend_on_the_budget_page_and_sees_the_outturn(client_for):
    client = client_for(Role.FINANCE_OFFICER)
    budget = BudgetFactory(total=Decimal("1000.00"))
    line = _line(budget, "Breaks", "400.00")
    page = client.get(budget.get_absolute_url()).content.decode()
    url = reverse("budgets:budget_spend_add", args=[budget.pk])
    assert f'href="{url}">Record spend</a>' in page
    assert f'<option value="{line.pk}">Breaks</option>' in client.get(url).content.decode()
    response = client.post(url, {"allocation": line.pk, "month": "2010-06-01", "amount": "450.00", "note": ""})
    assert response.status_code == 302
    page = client.get(budget.get_absolute_url()).content.decode()
    assert 'data-testid="over"' in page and "£450.00" in page
    refused = client.post(url, {"allocation": line.pk, "month": "2010-06-01", "amount": "-1"})
    assert refused.status_code == 200 and "£0.00 or more" in refused.content.decode()
    csv = b"".join(client.get(reverse("budgets:budget_export", args=[budget.pk]) + "?format=csv").streaming_content)
    assert "Breaks,Breaks for carers,,,,400.00,0.00,450.00,-50.00,450.00,Yes,2010/11," in csv.decode()


def test_spend_import_through_the_pages(client_for):
    client = client_for(Role.FINANCE_OFFICER)
    budget = BudgetFactory(total=Decimal("5000.00"))
    _line(budget, "Breaks", position=1)
    _line(budget, "Peer", position=2)
    upload = SimpleUploadedFile("spend.csv", CSV_OK, content_type="text/csv")
    response = client.post(reverse("budgets:budget_spendimport_add", args=[budget.pk]), {"file": upload})
    assert response.status_code == 302
    checked = SpendImport.objects.get()
    assert "Record this spend" in client.get(response.url).content.decode()
    done = client.post(reverse("budgets:spendimport_confirm", args=[checked.pk]))
    assert done.status_code == 302 and Spend.objects.count() == 2


def test_commissioners_read_spend_but_neither_record_nor_import_and_csc_has_no_access(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    line = _line(budget, "Breaks")
    commissioner = client_for(Role.COMMISSIONER)
    page = commissioner.get(budget.get_absolute_url()).content.decode()
    assert 'data-testid="spend"' in page and 'data-testid="spend-actions"' not in page
    data = {"allocation": line.pk, "month": "2010-06-01", "amount": "1.00"}
    assert commissioner.post(reverse("budgets:budget_spend_add", args=[budget.pk]), data).status_code == 403
    assert commissioner.get(reverse("budgets:budget_spendimport_add", args=[budget.pk])).status_code == 403
    for role in (Role.CSC_OFFICER, Role.BROKERAGE_OFFICER):
        assert client_for(role).get(budget.get_absolute_url()).status_code == 403
    assert not Spend.objects.exists()


def test_the_charts_have_their_tables_and_read_without_colour(client_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    _line(budget, "Breaks", "400.00")
    page = client_for(Role.FINANCE_OFFICER).get(budget.get_absolute_url()).content.decode()
    chart = page.split('data-testid="chart-figures"')[1].split("</svg>")[0]
    assert "Allocated £400" in chart and "<pattern" in chart  # values written, series patterned
    assert 'data-testid="figures-by-service-line"' in page and 'data-testid="funding-years"' not in page


def test_spend_and_figures_through_the_api(api_for):
    budget = BudgetFactory(total=Decimal("1000.00"))
    line = _line(budget, "Breaks", "400.00")
    api = api_for(Role.FINANCE_OFFICER)
    created = api.post(
        reverse("api:spend-list"), {"allocation": line.pk, "month": "2010-07-19", "amount": "420.00"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["month"] == "2010-07-01"
    refused = api.post(
        reverse("api:spend-list"), {"allocation": line.pk, "month": "2012-07-01", "amount": "1.00"}, format="json"
    )
    assert refused.status_code == 400 and "month" in refused.json()["errors"]
    breakdown = api.get(reverse("api:budget-breakdown", args=[budget.pk])).json()
    (row,) = breakdown["lines"]
    assert (row["spent"], row["remaining"], row["outturn"], row["over"]) == ("420.00", "-20.00", "420.00", True)
    assert breakdown["totals"][-1]["line"] == "Total" and breakdown["totals"][-1]["spent"] == "420.00"
    commissioner = api_for(Role.COMMISSIONER)
    assert commissioner.get(reverse("api:spend-list")).status_code == 200
    data = {"allocation": line.pk, "month": "2010-07-01", "amount": "1.00"}
    assert commissioner.post(reverse("api:spend-list"), data, format="json").status_code == 403
    assert api_for(Role.CSC_OFFICER).get(reverse("api:spend-list")).status_code == 403


def test_the_export_commits_what_the_page_commits(client_for):
    package = CarePackageFactory(weekly_cost=Decimal("70.00"), start_on=date(2011, 3, 4), review_on=date(2011, 6, 1))
    budget = BudgetFactory(organisation=package.organisation, total=Decimal("1000.00"))
    _line(budget, "Other", "100.00", service_line="Peer support", position=1)
    _line(budget, "Packages", "200.00", service_line=package.category.name, position=2)
    _line(budget, "Packages again", "200.00", service_line=package.category.name, position=3)
    client = client_for(Role.FINANCE_OFFICER)
    page = client.get(budget.get_absolute_url()).content.decode()
    assert 'data-testid="committed">£280.00' in page
    csv = b"".join(client.get(reverse("budgets:budget_export", args=[budget.pk]) + "?format=csv").streaming_content)
    rows = csv.decode().splitlines()
    assert rows[2].startswith("Packages,") and ",200.00,280.00,0.00,-80.00,280.00,Yes," in rows[2]
    assert ",200.00,0.00,0.00,200.00,0.00,No," in rows[3]
    assert rows[-1].startswith("Total,,,,,500.00,280.00,0.00,220.00,280.00,No,")
