"""What care packages commit of an organisation's budget (registered with budgets.commitments).

A package commits its weekly cost for every week it runs in the period: weekly cost × the days
from the later of its start and the period's start to the period's end, divided by seven (a
package has no end date while it is active). An ended package records no end date, so it
commits nothing: its spend belongs in the actuals.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from brokerage import choices as b
from brokerage.models import CarePackage
from budgets.commitments import Commitment, CommitmentSource, register
from common.money import to_money

DAYS_A_WEEK = Decimal(7)


def weeks_between(start: date, end: date) -> Decimal:
    """Weeks (with a fraction) from `start` to `end` inclusive; zero when `end` is earlier."""
    days = (end - start).days + 1
    return Decimal(max(days, 0)) / DAYS_A_WEEK


def package_commitments(year_start: date, year_end: date, organisation_id: int) -> Iterator[Commitment]:
    """A Commitment for each active package of the organisation running in the period (one query)."""
    rows = (
        CarePackage.objects.filter(
            organisation_id=organisation_id, status=b.PackageStatus.ACTIVE, start_on__lte=year_end
        )
        .order_by("id")
        .values_list("id", "category_id", "weekly_cost", "start_on")
    )
    for pk, category_id, weekly_cost, start_on in rows.iterator(chunk_size=2000):
        weeks = weeks_between(max(start_on, year_start), year_end)
        yield Commitment(
            record_id=pk,
            organisation_id=organisation_id,
            amount=to_money(weekly_cost * weeks),
            label=f"Care package {pk}",
            url_name="brokerage:carepackage_detail",
            service_line_id=category_id,
        )


def register_source() -> None:
    """Called from BrokerageConfig.ready(): budgets reads packages' commitments through this source."""
    register(CommitmentSource(name="brokerage.packages", label="Care packages", fetch=package_commitments))
