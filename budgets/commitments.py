"""Commitment sources. A budget's commitments come from other apps (contracts from
commissioning, care packages from brokerage); each registers what it commits from its
AppConfig.ready(), as due dates are registered with reminders.registry:

    from budgets.commitments import CommitmentSource, register
    register(CommitmentSource(name="commissioning.contracts", label="Contracts",
                              fetch=contract_commitments))

`fetch(year_start, year_end, organisation_id)` yields a Commitment for every record committing
money of that organisation between the two dates (inclusive): the amount is what falls in that
period (pro rata for part years). Budgets never imports another app's internals: it only calls
the functions registered here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse


@dataclass(frozen=True)
class Commitment:
    """Money one record commits within a period, on a service line and delivery method."""

    record_id: int
    organisation_id: int
    amount: Decimal
    label: str
    url_name: str  # the record's page, reversed with record_id only when shown
    service_line_id: int | None = None
    delivery_method_id: int | None = None
    funding_stream_id: int | None = None

    @property
    def url(self) -> str:
        # Lazily: a budget page matches hundreds of commitments and links only the unmatched.
        return reverse(self.url_name, args=[self.record_id])


@dataclass(frozen=True)
class CommitmentSource:
    name: str
    label: str
    fetch: Callable[[date, date, int], Iterable[Commitment]]


_SOURCES: dict[str, CommitmentSource] = {}


def register(source: CommitmentSource) -> None:
    """Add (or replace, on reload) a commitment source."""
    _SOURCES[source.name] = source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def sources() -> list[CommitmentSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.name)
