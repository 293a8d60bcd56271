"""Server-drawn bar charts (inline SVG: no script, no CDN) for the budget page. Each bar carries
its value as text and each series its own fill pattern as well as its colour, so a chart reads
without colour; the page puts the data table beside each chart."""

from dataclasses import dataclass
from decimal import Decimal

from common.money import format_gbp

# (pattern id, colour): solid, hatched, dotted; GOV.UK blue, green, black.
SERIES_STYLES = [("solid", "#1d70b8"), ("hatch", "#00703c"), ("dots", "#0b0c0c"), ("cross", "#d4351c")]
LABEL_WIDTH = 230
BAR_AREA = 330
VALUE_WIDTH = 120
BAR_HEIGHT = 16
GAP = 4
GROUP_GAP = 14


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    series: str
    pattern: str
    colour: str
    text: str
    text_x: int


@dataclass(frozen=True)
class Group:
    label: str
    y: int
    bars: list[Bar]


def bar_chart(title: str, series: list[str], rows: list[tuple[str, list[Decimal | None]]], *, chart_id: str) -> dict:
    """A horizontal grouped bar chart: one group per row, one bar per series, widths scaled to the
    largest value."""
    largest = max((v for _, values in rows for v in values if v), default=Decimal(0)) or Decimal(1)
    groups, y = [], 0
    styles = [SERIES_STYLES[i % len(SERIES_STYLES)] for i in range(len(series))]
    for label, values in rows:
        bars, top = [], y
        for index, value in enumerate(values):
            amount = value or Decimal(0)
            width = int(BAR_AREA * amount / largest) if amount > 0 else 0
            pattern, colour = styles[index]
            bars.append(
                Bar(
                    y=y,
                    width=max(width, 1 if amount > 0 else 0),
                    series=series[index],
                    pattern=f"{chart_id}-{pattern}",
                    colour=colour,
                    text=format_gbp(amount, pence=False),
                    text_x=LABEL_WIDTH + width + 4,
                )
            )
            y += BAR_HEIGHT + GAP
        groups.append(Group(label=label, y=top, bars=bars))
        y += GROUP_GAP
    legend = [
        {"series": name, "pattern": f"{chart_id}-{styles[i][0]}", "colour": styles[i][1], "x": i * 170}
        for i, name in enumerate(series)
    ]
    return {
        "id": chart_id,
        "title": title,
        "groups": groups,
        "legend": legend,
        "legend_y": y + 4,
        "height": y + 30,
        "width": LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        "label_width": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "patterns": [{"id": f"{chart_id}-{p}", "kind": p, "colour": c} for p, c in styles],
    }
