"""Due-date sources. Each domain app registers the dates it wants reminders for (a contract's end,
an assessment's review, a subject access request's deadline...) from its AppConfig.ready():

    from reminders.registry import Source, register
    register(Source(name="carers.assessment_review", label="Carers assessment review",
                    default_leads=("4w", "1w"), fetch=assessment_reviews_due))

`fetch(start, end)` yields a DueItem for every record due between two dates (inclusive). The
engine (reminders.services.reminders_scan) never imports a domain app's internals: it only
calls the functions registered here.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class DueItem:
    """One dated thing someone must act on."""

    record_id: int
    due_date: date
    title: str
    url: str
    recipient_ids: tuple[int, ...]
    body: str = ""


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    fetch: Callable[[date, date], Iterable[DueItem]]
    # Lead times: "12m" months, "4w" weeks, "10d" days. Overdue reminders come on top.
    default_leads: tuple[str, ...] = ("4w", "1w")
    overdue: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)


_SOURCES: dict[str, Source] = {}

LEAD_PATTERN = re.compile(r"^(\d{1,3})([dwm])$")


def register(source: Source) -> None:
    """Add (or replace, on reload) a due-date source."""
    for lead in source.default_leads:
        parse_lead(lead)
    _SOURCES[source.name] = source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: s.name)


def get_source(name: str) -> Source | None:
    return _SOURCES.get(name)


def parse_lead(lead: str) -> tuple[int, str]:
    match = LEAD_PATTERN.match(lead.strip().lower())
    if not match:
        raise ValueError(f"{lead!r} is not a lead time: use a number and d, w or m (10d, 4w, 12m).")
    return int(match.group(1)), match.group(2)


def lead_start(due: date, lead: str) -> date:
    """The first day on which a reminder with this lead time is due for a date `due`."""
    amount, unit = parse_lead(lead)
    if unit == "d":
        return due - timedelta(days=amount)
    if unit == "w":
        return due - timedelta(weeks=amount)
    return due - relativedelta(months=amount)


def lead_label(lead: str) -> str:
    amount, unit = parse_lead(lead)
    word = {"d": "day", "w": "week", "m": "month"}[unit]
    return f"{amount} {word}{'s' if amount != 1 else ''}"
