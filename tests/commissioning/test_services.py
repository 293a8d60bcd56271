"""The register's rules: derived values from amendments, extensions refused beyond the options or
above a threshold without its decision, variations, terminations, reviews, commitments."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from commissioning.commitments import contract_commitments
from commissioning.models import Contract
from commissioning.services.contracts import (
    contract_amend,
    contract_create,
    contract_extend,
    contract_review_record,
    contract_update,
)
from common.errors import DomainError
from tests.commissioning.factories import ContractFactory, ProviderFactory, ThresholdFactory, commissioner

pytestmark = pytest.mark.django_db


def _fresh(contract):
    return Contract.objects.with_current().get(pk=contract.pk)


def test_derived_values_of_a_contract_as_awarded():
    contract = ContractFactory(initial_end_date=date(2025, 3, 31), extension_options="24", notice_period_months=6)
    with time_machine.travel(date(2025, 1, 1), tick=False):
        fresh = _fresh(contract)
        assert fresh.current.end == date(2025, 3, 31)
        assert fresh.latest_possible_end == date(2027, 3, 31)
        assert fresh.options_left == [24]
        assert fresh.days_to_expiry == 89
        assert fresh.decision_due_by == date(2024, 9, 30)
    # The same values without the annotations, from the amendments themselves.
    assert Contract.objects.get(pk=contract.pk).latest_possible_end == date(2027, 3, 31)


def test_extension_moves_the_end_and_spends_the_option():
    user = commissioner()
    contract = ContractFactory(annual_value=Decimal("100000.00"), total_value=Decimal("300000.00"))
    amendment = contract_extend(user=user, contract=contract, rationale="Performing well", months=24)
    assert amendment.end_before == date(2025, 3, 31) and amendment.end_after == date(2027, 3, 31)
    assert amendment.total_after == Decimal("500000.00")
    assert amendment.notice_kind == "UK10"
    fresh = _fresh(contract)
    assert fresh.current.end == date(2027, 3, 31)
    assert fresh.options_left == []
    assert fresh.latest_possible_end == date(2027, 3, 31)
    assert fresh.current.total_value == Decimal("500000.00")


def test_extension_refuses_one_more_than_the_options_allow():
    # Oxfordshire's carers centres: a one-year extension "with no option for further extensions".
    user = commissioner()
    contract = ContractFactory(
        extension_options="12",
        annual_value=Decimal("100000"),
        total_value=Decimal("100000"),
        initial_end_date=date(2010, 3, 31),
        start_date=date(2009, 4, 1),
    )
    contract_extend(user=user, contract=contract, rationale="Exemption approved by Cabinet, March 2010")
    assert _fresh(contract).current.end == date(2011, 3, 31)
    with pytest.raises(DomainError, match="No extension option is left") as caught:
        contract_extend(user=user, contract=contract, rationale="Again")
    assert caught.value.field == "months"
    assert contract.amendments.count() == 1


def test_extension_refuses_more_months_than_the_next_option():
    contract = ContractFactory(extension_options="12 12")
    with pytest.raises(DomainError, match="at most 1 year"):
        contract_extend(user=commissioner(), contract=contract, rationale="x", months=24)


def test_contract_without_options_cannot_be_extended():
    contract = ContractFactory(extension_options="")
    with pytest.raises(DomainError, match="No extension option is left"):
        contract_extend(user=commissioner(), contract=contract, rationale="x")


def test_extension_above_a_threshold_needs_its_decision():
    # South Tees: the Executive approves contracts over £150k; two more years at £550k a year.
    ThresholdFactory(over_value=Decimal("150000"), decision_body="Executive")
    contract = ContractFactory()
    with pytest.raises(DomainError, match="needs a decision of Executive") as caught:
        contract_extend(user=commissioner(), contract=contract, rationale="Two more years")
    assert caught.value.field == "decided_on"
    assert contract.amendments.count() == 0
    amendment = contract_extend(
        user=commissioner(),
        contract=contract,
        rationale="Two more years",
        decided_on=date(2024, 9, 1),
        decision_reference="EX/2024/17",
        decision_maker="The Mayor",
    )
    assert amendment.decision_body == "Executive"


def test_extension_below_the_threshold_needs_no_decision():
    ThresholdFactory(over_value=Decimal("150000"))
    contract = ContractFactory(annual_value=Decimal("50000"), total_value=Decimal("150000"), extension_options="12")
    assert contract_extend(user=commissioner(), contract=contract, rationale="x").decision_body == ""


def test_variation_of_value_sets_the_current_values():
    contract = ContractFactory()
    contract_amend(
        user=commissioner(),
        contract=contract,
        kind="value",
        effective_on=date(2023, 4, 1),
        rationale="Inflation uplift",
        new_total=Decimal("1700000.00"),
        new_annual=Decimal("566666.67"),
    )
    fresh = _fresh(contract)
    assert fresh.current.total_value == Decimal("1700000.00")
    assert fresh.current.annual_value == Decimal("566666.67")


def test_variation_refuses_an_annual_value_greater_than_the_total():
    with pytest.raises(ValidationError) as caught:
        contract_amend(
            user=commissioner(),
            contract=ContractFactory(),
            kind="value",
            effective_on=date(2023, 4, 1),
            rationale="x",
            new_total=Decimal("100"),
            new_annual=Decimal("200"),
        )
    assert "new_annual" in caught.value.message_dict


def test_variation_above_threshold_needs_decision():
    ThresholdFactory(over_value=Decimal("150000"), decision_body="Procurement Board")
    with pytest.raises(DomainError, match="Procurement Board"):
        contract_amend(
            user=commissioner(),
            contract=ContractFactory(),
            kind="value",
            effective_on=date(2023, 4, 1),
            rationale="x",
            new_total=Decimal("2000000"),
        )


def test_early_termination_ends_the_contract_with_a_uk11_notice():
    contract = ContractFactory()
    amendment = contract_amend(
        user=commissioner(),
        contract=contract,
        kind="termination",
        effective_on=date(2024, 9, 30),
        rationale="Provider ceased trading",
    )
    assert amendment.notice_kind == "UK11"
    fresh = _fresh(contract)
    assert fresh.status == "terminated" and fresh.current.end == date(2024, 9, 30)
    with pytest.raises(DomainError):
        contract_extend(user=commissioner(), contract=contract, rationale="x")


def test_commissioner_of_another_council_cannot_change_a_contract(other_org):
    contract = ContractFactory()
    with pytest.raises(DomainError):
        contract_extend(user=commissioner(other_org), contract=contract, rationale="x")


def test_create_refuses_end_before_start_and_annual_over_total():
    user = commissioner()
    with pytest.raises(ValidationError) as caught:
        contract_create(
            user=user,
            reference="X-1",
            title="Carers service",
            provider=ProviderFactory(),
            total_value=Decimal("100"),
            annual_value=Decimal("200"),
            start_date=date(2026, 4, 1),
            initial_end_date=date(2025, 3, 31),
        )
    assert {"initial_end_date", "annual_value"} <= set(caught.value.message_dict)
    assert Contract.objects.count() == 0


def test_update_refuses_changing_the_award_once_amended():
    user = commissioner()
    contract = ContractFactory()
    contract_extend(user=user, contract=contract, rationale="x")
    with pytest.raises(DomainError, match="record a variation"):
        contract_update(user=user, contract=contract, total_value=Decimal("1"))


def test_recording_a_review_moves_the_next_date_on_by_the_schedule():
    contract = ContractFactory(next_review_date=date(2026, 1, 15), review_frequency="quarterly")
    contract_review_record(user=commissioner(), contract=contract, reviewed_on=date(2026, 1, 20))
    contract.refresh_from_db()
    assert contract.next_review_date == date(2026, 4, 20)


def test_commitments_pro_rata_for_part_years_and_following_amendments(home_org):
    # £550k a year from 1 April 2022; in 2022/23 a full year.
    contract = ContractFactory(accountable_body=home_org, extension_options="24")
    (item,) = contract_commitments(date(2022, 4, 1), date(2023, 3, 31), home_org.pk)
    assert item.amount == Decimal("550000.00") and item.record_id == contract.pk
    # Half of 2024/25 (1 April to 30 September 2024: 183 of 365 days) at £550k.
    (item,) = contract_commitments(date(2024, 4, 1), date(2024, 9, 30), home_org.pk)
    assert item.amount == Decimal("275753.42")
    # Nothing in 2025/26 until the option is exercised, then the annual value from a variation.
    assert list(contract_commitments(date(2025, 4, 1), date(2026, 3, 31), home_org.pk)) == []
    user = commissioner(home_org)
    contract_extend(user=user, contract=contract, rationale="x", decided_on=date(2024, 9, 1), decision_reference="r")
    contract_amend(
        user=user,
        contract=contract,
        kind="value",
        effective_on=date(2025, 10, 1),
        rationale="Uplift",
        new_total=Decimal("2800000"),
        new_annual=Decimal("600000"),
    )
    (item,) = contract_commitments(date(2025, 4, 1), date(2026, 3, 31), home_org.pk)
    # 183 days at £550k and 182 days at £600k, of 365.
    expected = (Decimal(550000) * 183 / 365 + Decimal(600000) * 182 / 365).quantize(Decimal("0.01"))
    assert item.amount == expected
