"""A contract's KPI returns written in Python: a contract page with 200 returns spent most of
its time resolving each cell through the template engine."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>'
)
_NONE = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No returns yet.</td></tr>'


@register.simple_tag
def kpi_return_rows(returns) -> SafeString:
    """{% kpi_return_rows kpi.returns.all %}: a row per return (period ending, actual, rating,
    comment), escaped as the template would, or "No returns yet."."""
    rows = format_html_join(
        "",
        _ROW,
        ((f"{r.period_end:%-d %b %Y}", r.actual, r.get_rating_display(), r.comment) for r in returns),
    )
    return rows or format_html(_NONE)
