"""The shared table template's body, rendered in one pass (common/table_rows.py), gives exactly
the cells django-tables2's own BoundRow.get_cell gives, for every kind of column the apps use."""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.utils.formats import localize
from django.utils.html import conditional_escape

from commissioning.models import Contract
from commissioning.selectors import contract_list
from commissioning.tables import ContractTable
from common.table_rows import table_body
from tests.commissioning.factories import ContractFactory, commissioner

pytestmark = pytest.mark.django_db


class _EveryKindTable(tables.Table):
    reference = tables.Column(linkify=True)
    title = tables.Column(attrs={"td": {"class": "app-wide"}})
    status = tables.Column()  # a choices field: its display
    provider = tables.Column(linkify=lambda record: f"/providers/{record.provider_id}/")
    start_date = tables.Column()
    total_value = tables.Column()
    note = tables.Column(accessor="description", default="none given")
    lines = tables.ManyToManyColumn(accessor="service_lines")
    owner_name = tables.Column(accessor="owner__last_name", default="—")
    template = tables.TemplateColumn("<b>{{ record.reference }}</b> {{ value }}", accessor="title")
    computed = tables.Column(empty_values=())
    missing = tables.Column(accessor="no_such_attribute", default="n/a")

    class Meta:
        model = Contract
        fields = []
        sequence = [
            "reference",
            "title",
            "status",
            "provider",
            "start_date",
            "total_value",
            "note",
            "lines",
            "owner_name",
            "template",
            "computed",
            "missing",
        ]

    def render_computed(self, record, bound_row):
        return f"{record.reference} < {len(bound_row.table.columns)}"


def _expected(table) -> str:
    """The body as django-tables2's cells would fill the shared template."""
    rows = []
    for row in table.paginated_rows:
        cells = "".join(
            f'<td class="govuk-table__cell {column.attrs["td"].get("class") or ""}">'
            f"{conditional_escape(localize(row.get_cell(column.name)))}</td>"
            for column in table.columns
        )
        rows.append(f'<tr class="govuk-table__row">{cells}</tr>')
    return "".join(rows)


def test_every_kind_of_column_renders_as_django_tables2_renders_it():
    ContractFactory(
        title="Breaks & <more>",
        total_value=Decimal("1234.50"),
        annual_value=Decimal("411.50"),
        start_date=date(2022, 4, 1),
    )
    ContractFactory(title="Second", description="Provider <left>")
    table = _EveryKindTable(Contract.objects.order_by("id"))
    body = str(table_body(table))
    assert body == _expected(table)
    # What that means, spelt out: escaped text, links, choices, defaults, M2M, a TemplateColumn.
    assert "Breaks &amp; &lt;more&gt;" in body and "<more>" not in body
    assert "Provider &lt;left&gt;" in body and "none given" in body and "n/a" in body
    assert ">Live<" in body and 'href="/providers/' in body and "<b>CON-" in body
    assert "Carers support service" in body and "1234.50" in body
    assert 'class="govuk-table__cell app-wide"' in body


def test_the_contracts_register_rows_match_django_tables2(client):
    user = commissioner()
    for n in range(3):
        ContractFactory(reference=f"REG-{n}", accountable_body=user.organisation)
    table = ContractTable(contract_list(user).order_by("current_end", "id"))
    assert str(table_body(table)) == _expected(table)
    assert str(table_body(table)).count("<tr") == 3


def test_an_empty_table_shows_its_empty_text_across_every_column():
    table = ContractTable(Contract.objects.none())
    assert str(table_body(table)) == (
        f'<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{len(table.columns)}">'
        "No contracts match. Try fewer filters.</td></tr>"
    )


def test_the_shared_template_renders_the_body_through_the_tag(rf):
    ContractFactory(title="Via the template")
    table = _EveryKindTable(Contract.objects.all())
    request = rf.get("/")
    table.request = request
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    assert "Via the template" in html and html.count('class="govuk-table__row"') == 2  # header and one row
