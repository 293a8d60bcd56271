"""Brokerage's rules, each with the bad input the issue names, and the scoring in SQL."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from brokerage import choices as b
from brokerage import selectors, services
from common.errors import DomainError
from tests.brokerage import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(personas):
    return personas[Role.BROKERAGE_OFFICER]


def admitted(framework):
    application = f.ApplicationFactory(window=f.WindowFactory(framework=framework))
    application.status = b.ApplicationStatus.ADMITTED
    application.save()
    return application.provider


def test_application_outside_an_evaluation_window_is_refused():
    window = f.WindowFactory()
    with pytest.raises(DomainError, match="outside every window") as error:
        services.application_submit(
            framework=window.framework,
            provider=f.ProviderFactory(),
            categories=list(window.framework.categories.all()),
            applied_on=window.closes_on + timedelta(days=1),
        )
    assert error.value.field == "applied_on"


def test_application_in_a_window_is_admitted_after_due_diligence(broker):
    window = f.WindowFactory()
    application = services.application_submit(
        framework=window.framework,
        provider=f.ProviderFactory(),
        categories=list(window.framework.categories.all()),
        applied_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="Record the due diligence"):
        services.application_decide(application=application, user=broker, status=b.ApplicationStatus.ADMITTED)
    services.check_add(application=application, kind=b.CheckKind.DUE_DILIGENCE, item="Insurance", passed=True)
    services.check_add(application=application, kind=b.CheckKind.QUALITY, item="Outcomes?", score=4)
    services.application_decide(application=application, user=broker, status=b.ApplicationStatus.ADMITTED)
    assert selectors.admitted_providers(window.framework)[0]["provider_id"] == application.provider_id


def test_refusal_needs_a_reason_and_a_failed_item_blocks_admission(broker):
    application = f.ApplicationFactory()
    f.CheckFactory(application=application, passed=False)
    with pytest.raises(DomainError, match="failed a due diligence"):
        services.application_decide(application=application, user=broker, status=b.ApplicationStatus.ADMITTED)
    with pytest.raises(DomainError, match="reason"):
        services.application_decide(application=application, user=broker, status=b.ApplicationStatus.REFUSED)


def _calloff_kwargs(broker, **overrides):
    framework = f.FrameworkFactory()
    budget = f.PersonalBudgetFactory(
        carer__first_name="Winifred", carer__last_name="Oakenshaw", carer__postcode="OX4 1AB"
    )
    return {
        "user": broker,
        "framework": framework,
        "category": framework.categories.first(),
        "personal_budget": budget,
        "title": "Evening support",
        "needs_summary": "Help with meals in the evening.",
        "hours_per_week": Decimal("10"),
        "cost_weight": 40,
        "quality_weight": 60,
        "closes_at": timezone.now() + timedelta(days=3),
    } | overrides


@pytest.mark.parametrize(("cost", "quality"), [(50, 40), (70, 40), (0, 99)])
def test_weights_not_summing_to_100_are_refused(broker, cost, quality):
    with pytest.raises(ValidationError) as error:
        services.calloff_create(**_calloff_kwargs(broker, cost_weight=cost, quality_weight=quality))
    assert "add up to 100%" in str(error.value)


@pytest.mark.parametrize("text", ["Winifred needs help", "Lives at OX4 1AB", "Mrs OAKENSHAW likes gardening"])
def test_a_needs_summary_naming_the_person_is_refused(broker, text):
    with pytest.raises(DomainError, match="Providers see this") as error:
        services.calloff_create(**_calloff_kwargs(broker, needs_summary=text))
    assert error.value.field == "needs_summary"


def test_the_starter_budget_defaults_to_the_agreed_budget(broker):
    calloff = services.calloff_create(**_calloff_kwargs(broker))
    assert calloff.indicative_weekly_budget == calloff.personal_budget.agreed_weekly


def test_bid_after_the_deadline_is_refused():
    calloff = f.CallOffFactory()
    provider = admitted(calloff.framework)
    with pytest.raises(DomainError, match="after the deadline") as error:
        services.bid_submit(
            calloff=calloff,
            provider=provider,
            weekly_price=Decimal("100"),
            hours_per_week=Decimal("10"),
            proposal="x",
            received_at=calloff.closes_at + timedelta(minutes=1),
        )
    assert error.value.field == "received_at"


@pytest.mark.parametrize("price", [Decimal("0"), Decimal("-5.00")])
def test_a_price_of_zero_or_less_is_refused(price):
    calloff = f.CallOffFactory()
    provider = admitted(calloff.framework)
    with pytest.raises(DomainError, match="greater than zero") as error:
        services.bid_submit(
            calloff=calloff, provider=provider, weekly_price=price, hours_per_week=Decimal("10"), proposal="x"
        )
    assert error.value.field == "weekly_price"


def test_a_provider_not_admitted_to_the_category_cannot_bid():
    calloff = f.CallOffFactory()
    refused = f.ApplicationFactory(window=f.WindowFactory(framework=calloff.framework))  # submitted, not admitted
    for provider in (f.ProviderFactory(), refused.provider):
        with pytest.raises(DomainError, match="not admitted") as error:
            services.bid_submit(
                calloff=calloff,
                provider=provider,
                weekly_price=Decimal("90"),
                hours_per_week=Decimal("9"),
                proposal="x",
            )
        assert error.value.field == "provider"


def test_bids_are_scored_and_ranked_in_the_database():
    calloff = f.CallOffFactory(cost_weight=40, quality_weight=60)
    cheap = f.BidFactory(calloff=calloff, weekly_price=Decimal("100.00"), quality_score=Decimal("50"))
    dear = f.BidFactory(calloff=calloff, weekly_price=Decimal("200.00"), quality_score=Decimal("100"))
    rows = {bid.pk: bid for bid in selectors.ranked_bids(calloff)}
    # cheap: 40 (lowest price) + 30 = 70; dear: 40 × 100/200 = 20, + 60 = 80.
    assert rows[cheap.pk].cost_points == Decimal("40")
    assert round(rows[dear.pk].total_score, 2) == Decimal("80.00")
    assert round(rows[cheap.pk].total_score, 2) == Decimal("70.00")
    assert (rows[dear.pk].rank, rows[cheap.pk].rank) == (1, 2)


def test_an_unsuitable_bid_cannot_be_chosen_and_another_needs_a_reason(broker):
    calloff = f.CallOffFactory()
    top = f.BidFactory(calloff=calloff, weekly_price=Decimal("100"), quality_score=Decimal("90"), suitable=True)
    other = f.BidFactory(calloff=calloff, weekly_price=Decimal("150"), quality_score=Decimal("60"), suitable=True)
    bad = f.BidFactory(calloff=calloff, weekly_price=Decimal("80"), suitable=False, suitability_reason="No Saturdays")
    dates = {"start_on": timezone.localdate(), "review_on": timezone.localdate() + timedelta(weeks=6)}
    with pytest.raises(DomainError, match="marked suitable"):
        services.calloff_choose(calloff=calloff, bid=bad, user=broker, **dates)
    with pytest.raises(DomainError, match="not the top-ranked") as error:
        services.calloff_choose(calloff=calloff, bid=other, user=broker, **dates)
    assert error.value.field == "choice_reason"
    package = services.calloff_choose(calloff=calloff, bid=other, user=broker, choice_reason="Knows the team", **dates)
    assert (package.provider, package.weekly_cost, package.hours_per_week) == (
        other.provider,
        other.weekly_price,
        other.hours_per_week,
    )
    calloff.refresh_from_db()
    assert calloff.status == b.CallOffStatus.AWARDED
    assert top.pk != other.pk


def test_unsuitable_needs_a_reason(broker):
    bid = f.BidFactory()
    with pytest.raises(DomainError, match="Say why"):
        services.bid_assess(bid=bid, user=broker, suitable=False)


def test_a_review_date_before_the_package_start_is_refused(broker):
    package = f.CarePackageFactory()
    with pytest.raises(ValidationError) as error:
        services.package_update(package=package, review_on=package.start_on - timedelta(days=1))
    assert "review_on" in error.value.message_dict
    with pytest.raises(DomainError):
        services.review_record(
            package=package, user=broker, reviewed_on=package.start_on - timedelta(days=1), outcome="no_change"
        )


def test_reviews_record_savings_and_the_outcome_grid(broker):
    package = f.CarePackageFactory(weekly_cost=Decimal("300.00"))
    services.review_record(
        package=package,
        user=broker,
        reviewed_on=timezone.localdate(),
        outcome=b.ReviewOutcome.SIZE_ONLY,
        weekly_cost_after=Decimal("250.00"),
        chose_brokerage=True,
    )
    with pytest.raises(ValidationError):
        services.review_record(package=package, user=broker, reviewed_on=timezone.localdate(), outcome="on_hold")
    package.refresh_from_db()
    assert package.weekly_cost == Decimal("250.00")
    assert package.history.count() >= 2
    grid = selectors.review_summary(broker)
    assert grid["reviewed"] == 1 and grid["chose_brokerage"] == 1
    assert grid["annual_saving"] == Decimal("2600.00")


def test_monitoring_totals_and_flags(broker):
    over = f.CarePackageFactory(weekly_cost=Decimal("250.00"))  # budget 200
    f.CarePackageFactory(weekly_cost=Decimal("100.00"), provider=over.provider)  # under 90% of 200
    summary = selectors.monitoring_summary(broker)
    totals = summary["totals"]
    assert (totals["packages"], totals["providers"], totals["over"], totals["under"]) == (2, 1, 1, 1)
    assert totals["annual_cost"] == Decimal("350.00") * 52
    assert selectors.package_commitments(organisation_id=over.organisation_id)[0]["annual_cost"] == Decimal("18200.00")
