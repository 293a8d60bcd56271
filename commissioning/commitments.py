"""What contracts commit of an organisation's budget (registered with budgets.commitments).

A contract commits its annual value for each day it runs, pro rata by financial year (a day is
1/365th, or 1/366th in a year with 29 February, of that year's annual value), following its
amendments: a variation of the annual value applies from the day it takes effect, an extension
or termination moves the end.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from budgets.commitments import Commitment
from budgets.models import FundingStream
from commissioning.models import Contract, ContractAmendment, ServiceLine
from commissioning.querysets import ending_between
from common.money import to_money
from common.years import fy_end, fy_of, fy_start


def prorata(annual: Decimal, start: date, end: date) -> Decimal:
    """`annual` a year for the days from `start` to `end` inclusive, year by financial year (unrounded)."""
    total = Decimal(0)
    day = start
    while day <= end:
        year = fy_of(day)
        last = min(end, fy_end(year))
        days_in_year = (fy_end(year) - fy_start(year)).days + 1
        total += annual * Decimal((last - day).days + 1) / Decimal(days_in_year)
        day = last + timedelta(days=1)
    return total


def annual_segments(
    start: date, annual: Decimal, changes: list[tuple[int, date, Decimal]], end: date
) -> list[tuple[date, date, Decimal]]:
    """(from, to, annual value) pieces of a contract's life from its `start` (at `annual`) to
    `end`; `changes` are its amendments that set the annual value: (sequence, effective on, value)."""
    pieces: list[tuple[date, Decimal]] = [(start, annual)]
    for _, effective_on, annual_after in sorted(changes):
        pieces.append((max(effective_on, start), annual_after))
    pieces.sort(key=lambda piece: piece[0])
    segments = []
    for index, (since, value) in enumerate(pieces):
        until = pieces[index + 1][0] - timedelta(days=1) if index + 1 < len(pieces) else end
        until = min(until, end)
        if until >= since:
            segments.append((since, until, value))
    return segments


def committed_between(segments: list[tuple[date, date, Decimal]], year_start: date, year_end: date) -> Decimal:
    amount = Decimal(0)
    for since, until, annual in segments:
        low, high = max(since, year_start), min(until, year_end)
        if low <= high:
            amount += prorata(annual, low, high)
    return to_money(amount)


def _lowest_id(model):
    """The lowest id of a contract's service lines or funding streams (a subquery): the one its
    commitment counts on, as the page lists them in id order."""
    return Subquery(model.objects.filter(contracts=OuterRef("pk")).order_by("pk").values("pk")[:1])


def contract_commitments(year_start: date, year_end: date, organisation_id: int) -> Iterator[Commitment]:
    """A Commitment for each contract the organisation is accountable for that runs in the period:
    two queries (the contracts as plain values, their annual-value amendments), since a budget
    page reads every contract of its council."""
    contracts = (
        Contract.objects.filter(
            ending_between(year_start, None), accountable_body_id=organisation_id, start_date__lte=year_end
        )
        .with_current()
        .annotate(first_line=_lowest_id(ServiceLine), first_stream=_lowest_id(FundingStream))
        .order_by("id")
    )
    rows = list(
        contracts.values_list(
            "id",
            "reference",
            "title",
            "start_date",
            "annual_value",
            "current_end",
            "delivery_method_id",
            "first_line",
            "first_stream",
        )
    )
    changes: dict[int, list] = {}
    amendments = ContractAmendment.objects.filter(
        contract__in=contracts.values("id"), annual_after__isnull=False
    ).values_list("contract_id", "sequence", "effective_on", "annual_after")
    for contract_id, sequence, effective_on, annual_after in amendments:
        changes.setdefault(contract_id, []).append((sequence, effective_on, annual_after))
    for pk, reference, title, start, annual, end, method_id, line_id, stream_id in rows:
        segments = annual_segments(start, annual, changes.get(pk, []), end)
        yield Commitment(
            record_id=pk,
            organisation_id=organisation_id,
            amount=committed_between(segments, year_start, year_end),
            label=f"{reference}: {title}",
            url_name="commissioning:contract_detail",
            service_line_id=line_id,
            delivery_method_id=method_id,
            funding_stream_id=stream_id,
        )
