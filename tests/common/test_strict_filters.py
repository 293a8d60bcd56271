"""The shared FilterSet base: generated filters refuse what their field cannot hold."""

import pytest

from brokerage.models import Framework
from budgets.models import Budget
from common.filters import StrictFilterSet


class BudgetYearFilterSet(StrictFilterSet):
    class Meta:
        model = Budget
        fields = ["year"]


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [("2010", True), ("0.5", False), ("AAA", False)])
def test_a_whole_number_field_takes_only_whole_numbers(value, valid):
    filterset = BudgetYearFilterSet(data={"year": value}, queryset=Budget.objects.all())
    assert filterset.is_valid() is valid


class FrameworkActiveFilterSet(StrictFilterSet):
    class Meta:
        model = Framework
        fields = ["is_active"]


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [("true", True), ("false", True), ("", True), ("AAA", False)])
def test_a_yes_no_field_takes_only_true_or_false(value, valid):
    filterset = FrameworkActiveFilterSet(data={"is_active": value}, queryset=Framework.objects.all())
    assert filterset.is_valid() is valid
