"""Budgets' rules: allocations never exceed the total, contributions add up to approve, approved
budgets change only through virements, bad money is refused on its field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets import selectors, services
from budgets.choices import BudgetStatus
from budgets.models import Allocation, FundingStream
from budgets.seed_tables import (
    OXFORDSHIRE_GROUPS,
    OXFORDSHIRE_LINES,
    OXFORDSHIRE_STREAMS,
    OXFORDSHIRE_TOTAL,
)
from commissioning.models import DeliveryMethod, ServiceLine
from common.errors import DomainError
from tests.budgets.factories import AllocationFactory, BudgetFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def _line(budget, amount, **kw):
    return services.allocation_save(
        budget=budget,
        service_line=ServiceLine.objects.get_or_create(name="Brokerage")[0],
        description="A line",
        amount=amount,
        **kw,
    )


def test_allocation_refuses_more_than_unallocated_naming_what_is_left():
    budget = BudgetFactory(total=Decimal("1000.00"))
    _line(budget, Decimal("600.00"))
    with pytest.raises(DomainError) as refused:
        _line(budget, Decimal("400.01"))
    assert refused.value.field == "amount"
    assert "£400.00 is left" in refused.value.message
    assert Allocation.objects.filter(budget=budget).count() == 1
    _line(budget, Decimal("400.00"))
    assert selectors.budget_totals(budget).unallocated == Decimal("0.00")


def test_a_changed_line_counts_its_new_amount_not_both():
    budget = BudgetFactory(total=Decimal("1000.00"))
    line = _line(budget, Decimal("900.00"))
    services.allocation_save(
        budget=budget, allocation=line, service_line=line.service_line, description="A line", amount=Decimal("1000.00")
    )
    line.refresh_from_db()
    assert line.amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("-1.00"), "£0.00 or more"),
        (Decimal("10.123"), "no more than 2 decimal places"),
    ],
)
def test_bad_amounts_are_refused_on_the_field(amount, message):
    budget = BudgetFactory()
    with pytest.raises(ValidationError) as refused:
        _line(budget, amount)
    assert message in " ".join(refused.value.message_dict["amount"])
    assert not Allocation.objects.filter(budget=budget).exists()


def test_groups_share_one_amount_and_count_once():
    budget = BudgetFactory(total=Decimal("1000.00"))
    group = services.group_save(budget=budget, name="Shared", amount=Decimal("450.60"))
    _line(budget, None, group=group)
    _line(budget, None, group=group)
    _line(budget, Decimal("549.40"))
    assert selectors.budget_totals(budget).allocated == Decimal("1000.00")
    allocated = [row.allocated for row in selectors.allocation_rows(budget)]
    assert allocated == [Decimal("450.60"), None, Decimal("549.40")]
    with pytest.raises(DomainError):
        services.group_save(budget=budget, name="More", amount=Decimal("0.01"))


def test_approval_refuses_contributions_that_do_not_add_up_naming_the_difference(personas):
    from accounts.choices import Role

    budget = BudgetFactory(total=Decimal("1000.00"))
    ContributionFactory(budget=budget, amount=Decimal("900.00"))
    with pytest.raises(DomainError) as refused:
        services.budget_approve(budget=budget, user=personas[Role.FINANCE_OFFICER])
    assert "£100.00 less" in refused.value.message
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.DRAFT
    ContributionFactory(budget=budget, amount=Decimal("100.00"))
    services.budget_approve(budget=budget, user=personas[Role.FINANCE_OFFICER])
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED


def test_approval_needs_its_own_permission(personas):
    from django.core.exceptions import PermissionDenied

    from accounts.choices import Role

    budget = BudgetFactory()
    with pytest.raises(PermissionDenied):
        services.budget_approve(budget=budget, user=personas[Role.COMMISSIONER])


def test_an_approved_budget_changes_only_through_a_virement(personas):
    from accounts.choices import Role

    user = personas[Role.FINANCE_OFFICER]
    budget = BudgetFactory(total=Decimal("1000.00"))
    ContributionFactory(budget=budget, amount=Decimal("1000.00"))
    a = AllocationFactory(budget=budget, amount=Decimal("600.00"))
    b = AllocationFactory(budget=budget, amount=Decimal("400.00"))
    services.budget_approve(budget=budget, user=user)
    with pytest.raises(DomainError) as refused:
        services.allocation_save(
            budget=budget, allocation=a, service_line=a.service_line, description="x", amount=Decimal("500.00")
        )
    assert "only through a virement" in refused.value.message
    with pytest.raises(DomainError):
        _line(budget, Decimal("1.00"))
    services.virement_make(
        budget=budget, from_allocation=a, to_allocation=b, amount=Decimal("100.00"), reason="Demand", user=user
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.amount, b.amount) == (Decimal("500.00"), Decimal("500.00"))
    assert budget.virements.get().made_by == user
    assert selectors.budget_totals(budget).allocated == Decimal("1000.00")


def test_roll_forward_copies_the_structure_into_next_year_as_a_draft(personas):
    from accounts.choices import Role

    budget = BudgetFactory(total=Decimal("1000.00"), year=2010)
    ContributionFactory(budget=budget, amount=Decimal("1000.00"))
    group = services.group_save(budget=budget, name="Shared", amount=Decimal("300.00"))
    _line(budget, None, group=group)
    _line(budget, Decimal("700.00"))
    new = services.budget_roll_forward(budget=budget, user=personas[Role.FINANCE_OFFICER])
    assert (new.year, new.status, new.year_label) == (2011, BudgetStatus.DRAFT, "2011/12")
    assert selectors.budget_totals(new).allocated == Decimal("1000.00")
    assert new.groups.get().lines.count() == 1


def enter_oxfordshire(budget):
    """Type in seed 000's table through the services, as the finance officer's pages do."""
    groups = {
        name: services.group_save(budget=budget, name=name, amount=amount)
        for name, amount in OXFORDSHIRE_GROUPS.items()
    }
    for description, service_line, method, amount in OXFORDSHIRE_LINES:
        grouped = isinstance(amount, str)
        services.allocation_save(
            budget=budget,
            description=description,
            service_line=ServiceLine.objects.get_or_create(name=service_line)[0],
            delivery_method=DeliveryMethod.objects.get_or_create(name=method)[0] if method else None,
            amount=None if grouped else amount,
            group=groups[amount] if grouped else None,
        )


def test_the_oxfordshire_table_adds_up_to_6303000_to_the_penny(personas):
    from accounts.choices import Role

    budget = BudgetFactory(total=OXFORDSHIRE_TOTAL)
    services.contribution_add(
        budget=budget,
        streams=[FundingStream.objects.get_or_create(name=name)[0] for name in OXFORDSHIRE_STREAMS],
        amount=OXFORDSHIRE_TOTAL,
    )
    enter_oxfordshire(budget)
    totals = selectors.budget_totals(budget)
    assert totals.allocated == Decimal("6303000.00")
    assert totals.unallocated == Decimal("0.00")
    services.budget_approve(budget=budget, user=personas[Role.FINANCE_OFFICER])
