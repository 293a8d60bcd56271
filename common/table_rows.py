"""A django-tables2 table's body rendered in one pass, for the shared table template.

django-tables2 works out, for every cell, which render method to call (an `inspect.signature`
per cell), whether the field has choices, and the column's attributes; the template engine then
resolves each cell's lookups again. On a 50-row register of ten columns that was most of the
page's time. Here each column's render method, the arguments it takes, its link, its choices and
its cell class are worked out once per table, and each cell costs one call. The cells are what
django-tables2's own `BoundRow.get_cell` gives (the table tests compare them)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django_tables2 import A
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.utils import signature

_UNSET = object()


@dataclass
class _Column:
    bound: object  # django-tables2's BoundColumn
    args: tuple[str, ...]
    takes_all: bool
    accessor: A
    td_class: str
    choices: object = _UNSET  # per table: whether the accessor's field has choices

    @classmethod
    def of(cls, bound) -> "_Column":
        args, catch_all = signature(bound.render)
        td_class = (bound.attrs.get("td") or {}).get("class") or ""
        return cls(bound, args, bool(catch_all), A(bound.accessor), td_class)

    def value(self, record):
        """The cell's raw value, with get_FOO_display() for a choices field (as BoundRow does)."""
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model):
            if self.choices is _UNSET:
                try:
                    field = self.accessor.get_field(record)
                    self.choices = bool(getattr(field, "choices", ()))
                except FieldDoesNotExist:
                    self.choices = False
            display = getattr(penultimate, f"get_{remainder}_display", None) if self.choices else None
            if display is not None:
                return display()
        return self.accessor.resolve(record)

    def cell(self, row, table):
        record = row.record
        column = self.bound.column
        try:
            value = self.value(record)
        except Exception:
            value = None  # a column with no field behind it renders from the record (django-tables2 #257)
        if value in column.empty_values or (isinstance(column, ManyToManyColumn) and not value.exists()):
            return self.bound.default
        kwargs = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": table,
        }
        if self.takes_all:
            content = self.bound.render(**kwargs)
        elif all(arg in kwargs for arg in self.args):
            content = self.bound.render(**{arg: kwargs[arg] for arg in self.args})
        else:
            content = None
        return self.bound.link(content, **kwargs) if self.bound.link else content


def _html(value) -> SafeString:
    """A value as `{{ value }}` shows it: local time, localised, escaped."""
    return conditional_escape(localize(template_localtime(value)))


def table_body(table) -> SafeString:
    """The <tr>s of the table's current page (or its empty-text row), GOV.UK classes."""
    columns = [_Column.of(bound) for bound in table.columns]
    rows = format_html_join(
        "",
        '<tr class="govuk-table__row">{}</tr>',
        (
            (
                format_html_join(
                    "",
                    '<td class="govuk-table__cell {}">{}</td>',
                    ((column.td_class, _html(column.cell(row, table))) for column in columns),
                ),
            )
            for row in table.paginated_rows
        ),
    )
    if rows:
        return rows
    empty = table.empty_text or "Nothing matches. Try fewer filters."
    return format_html(
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td></tr>', len(columns), empty
    )
