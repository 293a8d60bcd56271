"""The procurement pipeline's services: the stage workflow, lots over the estimate, bidders, and
the award of a lot into the register, with one test per rule of the issue's bad-input list."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.choices import TRANSITIONS, Stage, allowed_next
from commissioning.models import Contract, Procurement, StageTransition
from commissioning.services import procurements as services
from common.errors import DomainError
from tests.commissioning.factories import (
    LotFactory,
    ProcurementFactory,
    ProviderFactory,
    TenderBidFactory,
    ThresholdFactory,
    commissioner,
    home_council,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return commissioner(username="c_proc")


def _at(stage: str, **kwargs) -> Procurement:
    procurement = ProcurementFactory(**kwargs)
    Procurement.objects.filter(pk=procurement.pk).update(stage=stage)
    procurement.refresh_from_db()
    return procurement


def _standstill_over(**kwargs) -> Procurement:
    procurement = _at(Stage.STANDSTILL, **kwargs)
    Procurement.objects.filter(pk=procurement.pk).update(standstill_ends_on=date(2022, 3, 1))
    procurement.refresh_from_db()
    return procurement


def _submitted(lot, **kwargs):
    return TenderBidFactory(lot=lot, status="submitted", shortlisted_on=date(2021, 10, 1), **kwargs)


def test_procurement_create_is_kept_by_the_commissioners_organisation(user):
    from commissioning.models import ServiceLine

    line = ServiceLine.objects.get_or_create(name="Carers support service")[0]
    partner = ProviderFactory(name="Middlesbrough Council", kind="council")
    procurement = services.procurement_create(
        user=user,
        reference="ST-2021",
        title="South Tees Carers Services",
        route="collaborative",
        lead_organisation=partner,
        estimated_value=Decimal("2450000.00"),
        service_lines=[line],
        run_for=[partner],
        tupe_applies=True,
        eia_done=True,
    )
    assert procurement.organisation == home_council()
    assert procurement.stage == Stage.MARKET_ENGAGEMENT
    assert list(procurement.run_for.all()) == [partner]


def test_an_exemption_needs_its_approval_record(user):
    from commissioning.models import ServiceLine

    line = ServiceLine.objects.get_or_create(name="Carers support service")[0]
    with pytest.raises(ValidationError) as caught:
        services.procurement_create(
            user=user, reference="EX-1", title="Exempt", route="exemption", estimated_value=1, service_lines=[line]
        )
    assert "exemption_approval" in caught.value.message_dict
    assert not Procurement.objects.filter(reference="EX-1").exists()


def test_each_transition_is_dated_attributed_and_follows_the_table(user):
    procurement = ProcurementFactory(route="restricted")
    LotFactory(procurement=procurement)
    services.procurement_open_selection(user=user, procurement=procurement, on=date(2021, 8, 19))
    procurement.refresh_from_db()
    assert procurement.stage == Stage.SELECTION
    move = StageTransition.objects.get(procurement=procurement)
    assert (move.from_stage, move.to_stage, move.on, move.by) == (
        Stage.MARKET_ENGAGEMENT,
        Stage.SELECTION,
        date(2021, 8, 19),
        user,
    )


def test_a_transition_the_table_does_not_allow_is_refused(user):
    procurement = _at(Stage.SHORTLIST)
    assert (Stage.SHORTLIST, Stage.EVALUATION) not in TRANSITIONS
    with pytest.raises(DomainError) as caught:
        services.procurement_move(user=user, procurement=procurement, to=Stage.EVALUATION)
    assert caught.value.field == "to"
    assert "cannot move to Evaluation" in caught.value.message
    procurement.refresh_from_db()
    assert procurement.stage == Stage.SHORTLIST and not procurement.transitions.exists()


def test_only_exemptions_and_direct_awards_skip_to_the_award_decision(user):
    assert Stage.AWARD_DECISION in allowed_next(Stage.MARKET_ENGAGEMENT, "exemption")
    assert Stage.AWARD_DECISION not in allowed_next(Stage.MARKET_ENGAGEMENT, "open")
    open_one = ProcurementFactory(route="open")
    with pytest.raises(DomainError):
        services.procurement_decide_award(user=user, procurement=open_one)
    exempt = ProcurementFactory(route="exemption", exemption_approval="Chief Officer, ref EX/09/2")
    services.procurement_decide_award(user=user, procurement=exempt)
    exempt.refresh_from_db()
    assert exempt.stage == Stage.AWARD_DECISION


def test_cancel_from_any_stage_with_a_reason_and_a_cancelled_procurement_never_moves_on(user):
    procurement = _at(Stage.INVITATION_TO_TENDER)
    with pytest.raises(ValidationError):
        services.procurement_cancel(user=user, procurement=procurement, reason=" ")
    services.procurement_cancel(user=user, procurement=procurement, reason="No compliant bids were received.")
    procurement.refresh_from_db()
    assert procurement.stage == Stage.CANCELLED
    assert procurement.cancellation_reason == "No compliant bids were received."
    with pytest.raises(DomainError) as caught:
        services.procurement_move(user=user, procurement=procurement, to=Stage.EVALUATION)
    assert "was cancelled" in caught.value.message
    with pytest.raises(DomainError):
        services.procurement_cancel(user=user, procurement=procurement, reason="Again")


def test_another_councils_commissioner_cannot_move_a_procurement(outsider):
    procurement = ProcurementFactory()
    with pytest.raises(DomainError):
        services.procurement_open_selection(user=outsider, procurement=procurement)


def test_lots_over_the_estimate_are_warned_with_the_difference(user):
    procurement = ProcurementFactory(estimated_value=Decimal("2000000.00"))
    services.lot_save(
        user=user, procurement=procurement, number=1, title="Adult Carers", value=Decimal("1500000.00"), term_months=36
    )
    assert services.lot_warning(procurement) == ""
    services.lot_save(
        user=user, procurement=procurement, number=2, title="Young Carers", value=Decimal("750000.00"), term_months=36
    )
    assert services.lot_warning(procurement) == (
        "The lots' values add up to £2,250,000.00, £250,000.00 more than the procurement's estimate of £2,000,000.00."
    )
    assert procurement.lots.count() == 2


def test_an_excluded_bidder_needs_a_reason(user):
    lot = LotFactory()
    bid = services.bid_add(user=user, lot=lot, bidder=ProviderFactory())
    with pytest.raises(ValidationError) as caught:
        services.bid_update(user=user, bid=bid, status="excluded", exclusion_reason="")
    assert "exclusion_reason" in caught.value.message_dict
    services.bid_update(user=user, bid=bid, status="shortlisted")
    bid.refresh_from_db()
    assert bid.shortlisted_on is not None


def test_evaluation_waits_for_weights_that_sum_to_100(user):
    from tests.commissioning.factories import CriterionFactory

    procurement = _at(Stage.INVITATION_TO_TENDER)
    lot = LotFactory(procurement=procurement)
    CriterionFactory(lot=lot, weight=Decimal("70"))
    CriterionFactory(lot=lot, weight=Decimal("20"), kind="price", price_formula="lowest")
    with pytest.raises(DomainError) as caught:
        services.procurement_start_evaluation(user=user, procurement=procurement)
    assert "add up to 90%: they must add up to 100%" in caught.value.message
    procurement.refresh_from_db()
    assert procurement.stage == Stage.INVITATION_TO_TENDER


def test_standstill_lasts_at_least_its_minimum(user):
    procurement = _at(Stage.AWARD_DECISION)
    with pytest.raises(ValidationError) as caught:
        services.procurement_start_standstill(
            user=user, procurement=procurement, on=date(2022, 2, 1), standstill_ends_on=date(2022, 2, 3)
        )
    assert "standstill_ends_on" in caught.value.message_dict
    services.procurement_start_standstill(user=user, procurement=procurement, on=date(2022, 2, 1))
    procurement.refresh_from_db()
    assert procurement.standstill_ends_on == date(2022, 2, 11)


# --- Award -----------------------------------------------------------------------------------------
def test_award_creates_the_lots_contract_linked_back(user):
    procurement = _standstill_over(reference="ST-CARERS", tupe_applies=True)
    lot = LotFactory(procurement=procurement, number=1, title="Adult Carers", term_months=36, extension_options="24")
    bid = _submitted(lot, price=Decimal("1350000.00"))
    services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 2))
    lot.refresh_from_db()
    contract = lot.contract
    assert contract.procurement == procurement and lot.awarded_bid == bid
    assert contract.reference == "ST-CARERS-L1" and contract.provider == bid.bidder
    assert (contract.start_date, contract.initial_end_date) == (date(2022, 4, 1), date(2025, 3, 31))
    assert contract.total_value == Decimal("1350000.00") and contract.annual_value == Decimal("450000.00")
    assert contract.extension_options == "24" and contract.latest_possible_end == date(2027, 3, 31)
    assert contract.tupe_applies and contract.accountable_body == procurement.organisation


@pytest.mark.parametrize(
    ("status", "shortlisted", "message"),
    [
        ("expressed_interest", False, "was not shortlisted"),
        ("submitted", False, "was not shortlisted"),
        ("withdrawn", True, "withdrew"),
        ("excluded", True, "was excluded from Lot 1: Adult Carers: Failed the financial standing test"),
        ("invited", True, "has not submitted a tender"),
    ],
)
def test_award_only_to_a_shortlisted_bidder_who_submitted(user, status, shortlisted, message):
    lot = LotFactory(procurement=_standstill_over(), number=1)
    bid = TenderBidFactory(
        lot=lot,
        status=status,
        shortlisted_on=date(2021, 10, 1) if shortlisted else None,
        exclusion_reason="Failed the financial standing test" if status == "excluded" else "",
    )
    with pytest.raises(DomainError) as caught:
        services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 2))
    assert message in caught.value.message and caught.value.field == "bid"
    assert not Contract.objects.exists()


def test_award_refuses_a_bidder_of_another_lot(user):
    procurement = _standstill_over()
    lot, other = LotFactory(procurement=procurement, number=1), LotFactory(procurement=procurement, number=2)
    with pytest.raises(DomainError) as caught:
        services.lot_award(
            user=user, lot=lot, bid=_submitted(other), start_date=date(2022, 4, 1), today=date(2022, 3, 2)
        )
    assert "is not a bidder on Lot 1" in caught.value.message


def test_award_before_the_standstill_ends_is_refused(user):
    procurement = _at(Stage.STANDSTILL)
    Procurement.objects.filter(pk=procurement.pk).update(standstill_ends_on=date(2022, 3, 1))
    lot = LotFactory(procurement=procurement)
    bid = _submitted(lot)
    with pytest.raises(DomainError) as caught:
        services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 1))
    assert "The standstill period runs to 1 March 2022" in caught.value.message
    evaluation = _at(Stage.EVALUATION)
    early = LotFactory(procurement=evaluation)
    with pytest.raises(DomainError) as caught:
        services.lot_award(user=user, lot=early, bid=_submitted(early), start_date=date(2022, 4, 1))
    assert "after the award decision and the standstill period" in caught.value.message
    assert not Contract.objects.exists()


def test_award_above_a_threshold_needs_its_decision(user):
    ThresholdFactory(over_value=Decimal("500000.00"), decision_body="Cabinet", applies_to="award")
    lot = LotFactory(procurement=_standstill_over())
    bid = _submitted(lot, price=Decimal("900000.00"))
    with pytest.raises(DomainError) as caught:
        services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 2))
    assert caught.value.field == "decided_on"
    assert "needs a decision of Cabinet (over £500,000.00)" in caught.value.message
    assert not Contract.objects.exists()
    services.lot_award(
        user=user,
        lot=lot,
        bid=bid,
        start_date=date(2022, 4, 1),
        decided_on=date(2022, 1, 20),
        decision_reference="CAB/2022/07",
        today=date(2022, 3, 2),
    )
    lot.refresh_from_db()
    assert lot.award_decision_body == "Cabinet" and lot.contract.total_value == Decimal("900000.00")


def test_a_lot_is_awarded_once_and_go_live_waits_for_every_lot(user):
    procurement = _standstill_over()
    lot, second = LotFactory(procurement=procurement, number=1), LotFactory(procurement=procurement, number=2)
    bid = _submitted(lot)
    services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 2))
    with pytest.raises(DomainError):
        services.lot_award(user=user, lot=lot, bid=bid, start_date=date(2022, 4, 1), today=date(2022, 3, 2))
    services.procurement_mobilise(user=user, procurement=procurement, on=date(2022, 3, 2))
    with pytest.raises(DomainError) as caught:
        services.procurement_go_live(user=user, procurement=procurement, on=date(2022, 4, 1))
    assert "Lot 2" in caught.value.message
    services.lot_award(
        user=user, lot=second, bid=_submitted(second), start_date=date(2022, 4, 1), today=date(2022, 3, 3)
    )
    services.procurement_go_live(user=user, procurement=procurement, on=date(2022, 4, 1))
    procurement.refresh_from_db()
    assert procurement.stage == Stage.LIVE and procurement.contracts.count() == 2
    assert date(2022, 4, 1) - timedelta(days=1) < date(2022, 4, 1)
