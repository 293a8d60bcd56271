"""A lot's evaluation table, written in Python: 30 bidders × 10 criteria × 3 evaluators through
the template engine were most of the page's time (each loop, dotted lookup and floatformat is
resolved per cell: some 1,300 floatformats a page)."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CELL = '<td class="govuk-table__cell">{}</td>'
_NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric"{}>{}</td>'


@lru_cache(maxsize=4096)
def _score(value) -> str:
    """A score as the page writes it (floatformat "-2": 3, 3.50): a lot's scores repeat the same
    few values, so each is formatted once."""
    return floatformat(value, "-2")


def _cell(scores, agreed, names: dict) -> str:
    parts = []
    for name, value in scores:
        escaped = names.get(name)
        if escaped is None:  # a lot has a handful of evaluators: each name is escaped once
            escaped = names[name] = conditional_escape(name)
        parts.append(f"{escaped}: {_score(value)}<br>")
    if agreed is not None:
        parts.append(f"<strong>Agreed: {_score(agreed)}</strong>")
    return _CELL.format("".join(parts))


def _row(row, with_price: bool, names: dict) -> str:
    bid = row.bid
    cells = [_CELL.format(bid.rank), _CELL.format(conditional_escape(str(bid.bidder)))]
    cells += [_cell(scores, agreed, names) for scores, agreed in row.cells]
    if with_price:
        cells.append(_NUMERIC.format("", floatformat(bid.price_score, 2)))
    cells.append(_NUMERIC.format("", floatformat(bid.quality_score, 2)))
    cells.append(_NUMERIC.format(format_html(' data-testid="total-{}"', bid.pk), floatformat(bid.total_score, 2)))
    return '<tr class="govuk-table__row">' + "".join(cells) + "</tr>"


@register.simple_tag
def evaluation_rows(rows, price_criterion) -> SafeString:
    """{% evaluation_rows rows price_criterion %}: a <tr> per ranked bid of lot_evaluation(): rank,
    bidder, each evaluator's score and the agreed score per criterion, the price, quality and
    weighted total scores; escaped as the template would."""
    with_price = price_criterion is not None
    names: dict = {}
    # Every value is escaped (names, bidders) or a number formatted above; format_html per cell
    # would double the page's time.
    return mark_safe("".join(_row(row, with_price, names) for row in rows))  # noqa: S308  # nosec B308 B703
