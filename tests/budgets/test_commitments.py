"""Commitments read through budgets.commitments: care packages (brokerage's registered source)
commit weekly cost × the weeks they run in the financial year."""

from datetime import date
from decimal import Decimal

import pytest

from brokerage import choices as b
from brokerage.commitments import package_commitments, weeks_between
from budgets.commitments import sources
from tests.accounts.factories import OrganisationFactory
from tests.brokerage.factories import CarePackageFactory

pytestmark = pytest.mark.django_db

YEAR = (date(2024, 4, 1), date(2025, 3, 31))


def test_brokerage_registers_its_package_source():
    assert "brokerage.packages" in [source.name for source in sources()]
    assert "commissioning.contracts" in [source.name for source in sources()]


def test_weeks_between_counts_days_inclusive_over_seven():
    assert weeks_between(date(2024, 4, 1), date(2024, 4, 7)) == Decimal(1)
    assert weeks_between(date(2024, 4, 8), date(2024, 4, 1)) == Decimal(0)


def test_a_package_running_all_year_commits_its_weekly_cost_for_every_week():
    package = CarePackageFactory(weekly_cost=Decimal("150.00"), start_on=date(2023, 6, 1), review_on=date(2025, 6, 1))
    (item,) = package_commitments(*YEAR, package.organisation_id)
    # 365 days = 52 1/7 weeks.
    assert item.amount == Decimal("7821.43")
    assert item.service_line_id == package.category_id
    assert item.record_id == package.pk
    assert item.url.endswith(f"/{package.pk}/")


def test_a_package_starting_in_the_year_commits_pro_rata_and_others_nothing():
    package = CarePackageFactory(weekly_cost=Decimal("70.00"), start_on=date(2025, 3, 4), review_on=date(2025, 6, 1))
    org = package.organisation_id
    CarePackageFactory(
        personal_budget=package.personal_budget, start_on=date(2025, 4, 1), review_on=date(2025, 6, 1)
    )  # starts after the year
    CarePackageFactory(
        personal_budget=package.personal_budget,
        status=b.PackageStatus.ENDED,
        start_on=date(2024, 4, 1),
        review_on=date(2025, 6, 1),
    )
    items = list(package_commitments(*YEAR, org))
    # 4 to 31 March: 28 days, four weeks at £70.
    assert [(i.record_id, i.amount) for i in items] == [(package.pk, Decimal("280.00"))]


def test_another_councils_packages_commit_nothing():
    package = CarePackageFactory(start_on=date(2024, 4, 1), review_on=date(2025, 6, 1))
    CarePackageFactory(
        organisation=OrganisationFactory(name="Elsewhere"), start_on=date(2024, 4, 1), review_on=date(2025, 6, 1)
    )
    assert [i.record_id for i in package_commitments(*YEAR, package.organisation_id)] == [package.pk]
