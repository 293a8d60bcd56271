"""The budget page's lines table, written in Python: 500 lines × 10 cells through the template
engine were most of the page's time (each dotted lookup and filter is resolved per cell)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from common.links import url_for_each
from common.money import format_gbp

register = template.Library()

_ROW = (
    '<tr class="govuk-table__row" data-testid="line-row">'
    '<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">{}{}</th>'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td></tr>'
)
_OVER = format_html(' <strong class="govuk-tag govuk-tag--red" data-testid="over">{}</strong>', "Over allocation")
_IN_GROUP = format_html('<span class="govuk-body-s">{}</span>', "in the group above")


def _name(related) -> str:
    return related.name if related is not None else ""


def _cells(line, edit_url):
    """The ten cells of one line, in the order of the table's header."""
    if edit_url:
        title = format_html('<a class="govuk-link" href="{}">{}</a>', edit_url(line.pk), line.description)
    else:
        title = line.description
    note = format_html('<br><span class="govuk-body-s">{}</span>', line.note) if line.note else ""
    if line.allocated is not None:
        allocated = format_gbp(line.allocated) + (" (shared)" if line.group_id else "")
    else:
        allocated = _IN_GROUP
    return (
        title,
        note,
        line.service_line.name,
        line.delivery_method.name if line.delivery_method is not None else "N/A",
        _name(line.funding_stream),
        _name(line.group),
        allocated,
        format_gbp(line.committed),
        format_gbp(line.spent),
        format_gbp(line.outturn),
        format_gbp(line.remaining) if line.remaining is not None else "",
        _OVER if line.over else "",
    )


@register.simple_tag
def line_rows(lines, can_edit: bool) -> SafeString:
    """{% line_rows lines can_edit %}: a <tr> per line of budget_figures(), escaped as the
    template would; each line links to its edit page when the user may edit."""
    edit_url = url_for_each("budgets:allocation_update") if can_edit else None
    return format_html_join("", _ROW, (_cells(line, edit_url) for line in lines))
