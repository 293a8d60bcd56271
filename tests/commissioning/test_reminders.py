"""The register's due dates through the reminder engine, on PostgreSQL: contract ends, decisions,
reviews, accreditation expiry and KPI returns, each reaching the owner or the accountable body's
commissioners, each once."""

from datetime import date

import pytest

from commissioning.services.contracts import contract_extend, contract_review_record
from reminders.models import Notification
from reminders.services import reminders_scan
from tests.commissioning.factories import (
    AccreditationFactory,
    ContractFactory,
    KpiFactory,
    commissioner,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _keys(prefix: str) -> list[str]:
    return sorted(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def test_two_scans_of_one_day_create_once():
    owner = commissioner()
    contract = ContractFactory(owner=owner, initial_end_date=date(2027, 3, 31))
    first = reminders_scan(today=date(2026, 9, 30))
    assert first.by_source["commissioning.contract_end"] == 1
    assert reminders_scan(today=date(2026, 9, 30)).created == 0
    (notification,) = Notification.objects.filter(key__startswith="commissioning.contract_end:")
    assert notification.recipient == owner
    assert notification.key == f"commissioning.contract_end:{contract.pk}:2027-03-31:6m"


def test_without_an_owner_the_accountable_bodys_commissioners_are_told(home_org, other_org):
    one, two = commissioner(home_org), commissioner(home_org)
    commissioner(other_org)  # another council's commissioner is not told
    ContractFactory(owner=None, accountable_body=home_org, initial_end_date=date(2027, 3, 31))
    reminders_scan(today=date(2026, 9, 30))
    recipients = set(
        Notification.objects.filter(key__startswith="commissioning.contract_end:").values_list("recipient", flat=True)
    )
    assert recipients == {one.pk, two.pk}


def test_a_scan_after_a_missed_week_sends_what_fell_due_once():
    owner = commissioner()
    contract = ContractFactory(owner=owner, next_review_date=date(2026, 10, 10), initial_end_date=date(2030, 3, 31))
    reminders_scan(today=date(2026, 9, 1))  # nothing due yet for the review
    assert _keys("commissioning.contract_review:") == []
    # The scans of 2-14 October did not run; the scan of the 15th finds the review overdue.
    reminders_scan(today=date(2026, 10, 15))
    assert _keys("commissioning.contract_review:") == [
        f"commissioning.contract_review:{contract.pk}:2026-10-10:overdue"
    ]
    assert reminders_scan(today=date(2026, 10, 15)).by_source["commissioning.contract_review"] == 0
    assert reminders_scan(today=date(2026, 10, 16)).by_source["commissioning.contract_review"] == 0


def test_recording_a_review_moves_the_review_reminder_on():
    owner = commissioner()
    contract = ContractFactory(owner=owner, next_review_date=date(2026, 10, 10), review_frequency="quarterly")
    contract_review_record(user=owner, contract=contract, reviewed_on=date(2026, 10, 9))
    reminders_scan(today=date(2026, 10, 15))
    assert _keys("commissioning.contract_review:") == []
    reminders_scan(today=date(2026, 12, 12))
    assert _keys("commissioning.contract_review:") == [f"commissioning.contract_review:{contract.pk}:2027-01-09:4w"]


def test_an_exercised_extension_replaces_the_old_ends_reminders_and_sends_no_stale_one():
    owner = commissioner()
    contract = ContractFactory(owner=owner, initial_end_date=date(2027, 3, 31), extension_options="24")
    reminders_scan(today=date(2026, 12, 31))
    assert _keys(f"commissioning.contract_end:{contract.pk}:") == [
        f"commissioning.contract_end:{contract.pk}:2027-03-31:3m"
    ]
    contract_extend(
        user=owner, contract=contract, rationale="Performing well", decided_on=date(2026, 12, 1), decision_reference="x"
    )
    # The pending reminder about 31 March 2027 is withdrawn, and no scan sends one again.
    assert _keys(f"commissioning.contract_end:{contract.pk}:") == []
    reminders_scan(today=date(2027, 1, 1))
    reminders_scan(today=date(2027, 3, 1))
    assert _keys(f"commissioning.contract_end:{contract.pk}:") == []
    reminders_scan(today=date(2028, 3, 31))
    assert _keys(f"commissioning.contract_end:{contract.pk}:") == [
        f"commissioning.contract_end:{contract.pk}:2029-03-31:12m"
    ]


def test_decision_due_is_the_end_less_the_notice_period():
    owner = commissioner()
    contract = ContractFactory(owner=owner, initial_end_date=date(2027, 3, 31), notice_period_months=6)
    reminders_scan(today=date(2026, 9, 1))
    assert _keys("commissioning.decision_due:") == [f"commissioning.decision_due:{contract.pk}:2026-09-30:1m"]


def test_accreditation_expiry_reaches_the_providers_contract_owners():
    owner = commissioner()
    accreditation = AccreditationFactory(expires_on=date(2027, 1, 31))
    ContractFactory(owner=owner, provider=accreditation.provider.organisation)
    reminders_scan(today=date(2026, 12, 31))
    (notification,) = Notification.objects.filter(key__startswith="commissioning.accreditation_expiry:")
    assert notification.recipient == owner and "Support with Confidence" in notification.title


def test_kpi_return_due_reminds_the_owner():
    owner = commissioner()
    kpi = KpiFactory(contract=ContractFactory(owner=owner), next_return_due=date(2027, 1, 31))
    reminders_scan(today=date(2027, 1, 20))
    assert _keys("commissioning.kpi_return_due:") == [f"commissioning.kpi_return_due:{kpi.pk}:2027-01-31:2w"]


def test_a_risk_review_reaches_its_owner_once_and_closed_risks_none():
    from tests.commissioning.factories import RiskFactory

    owner = commissioner()
    risk = RiskFactory(owner=owner, review_date=date(2026, 10, 28))
    RiskFactory(owner=owner, review_date=date(2026, 10, 28), status="closed")
    assert reminders_scan(today=date(2026, 9, 30)).by_source["commissioning.risk_review"] == 1
    assert reminders_scan(today=date(2026, 9, 30)).created == 0
    (notification,) = Notification.objects.filter(key__startswith="commissioning.risk_review:")
    assert notification.recipient == owner and str(risk.pk) in notification.key
