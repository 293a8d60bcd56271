"""What contracts commit of an organisation's budget (registered with budgets.commitments).

A contract commits its annual value for each day it runs, pro rata by financial year (a day is
1/365th, or 1/366th in a year with 29 February, of that year's annual value), following its
amendments: a variation of the annual value applies from the day it takes effect, an extension
or termination moves the end.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch

from budgets.commitments import Commitment
from commissioning.models import Contract, ContractAmendment
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


def annual_segments(contract: Contract, end: date) -> list[tuple[date, date, Decimal]]:
    """(from, to, annual value) pieces of a contract's life, from its start to `end`."""
    changes = sorted((a for a in contract.amendments.all() if a.annual_after is not None), key=lambda a: a.sequence)
    pieces: list[tuple[date, Decimal]] = [(contract.start_date, contract.annual_value)]
    for amendment in changes:
        pieces.append((max(amendment.effective_on, contract.start_date), amendment.annual_after))
    pieces.sort(key=lambda piece: piece[0])
    segments = []
    for index, (since, annual) in enumerate(pieces):
        until = pieces[index + 1][0] - timedelta(days=1) if index + 1 < len(pieces) else end
        until = min(until, end)
        if until >= since:
            segments.append((since, until, annual))
    return segments


def committed_between(contract: Contract, end: date, year_start: date, year_end: date) -> Decimal:
    amount = Decimal(0)
    for since, until, annual in annual_segments(contract, end):
        low, high = max(since, year_start), min(until, year_end)
        if low <= high:
            amount += prorata(annual, low, high)
    return to_money(amount)


def contract_commitments(year_start: date, year_end: date, organisation_id: int) -> Iterator[Commitment]:
    """A Commitment for each contract the organisation is accountable for that runs in the period."""
    contracts = (
        Contract.objects.filter(accountable_body_id=organisation_id, start_date__lte=year_end)
        .with_current()
        .filter(current_end__gte=year_start)
        .prefetch_related(
            Prefetch("amendments", queryset=ContractAmendment.objects.filter(annual_after__isnull=False)),
            "service_lines",
            "funding_streams",
        )
        .order_by("id")
    )
    for contract in contracts:
        amount = committed_between(contract, contract.current_end, year_start, year_end)
        lines = sorted(contract.service_lines.all(), key=lambda line: line.pk)
        streams = sorted(contract.funding_streams.all(), key=lambda stream: stream.pk)
        yield Commitment(
            record_id=contract.pk,
            organisation_id=organisation_id,
            amount=amount,
            label=str(contract),
            url=contract.get_absolute_url(),
            service_line_id=lines[0].pk if lines else None,
            delivery_method_id=contract.delivery_method_id,
            funding_stream_id=streams[0].pk if streams else None,
        )
