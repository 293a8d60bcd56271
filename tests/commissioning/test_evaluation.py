"""A lot's evaluation: criteria weights, scores within the scale, moderation, weighted totals and
ranks computed in the database, price formulas, and a page whose query count is constant."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from commissioning.choices import Stage
from commissioning.models import Procurement
from commissioning.procurement_selectors import lot_evaluation
from commissioning.services import evaluation as services
from common.errors import DomainError
from tests.commissioning.factories import (
    CriterionFactory,
    LotFactory,
    ProcurementFactory,
    TenderBidFactory,
    commissioner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return commissioner(username="c_eval")


def _lot(stage=Stage.INVITATION_TO_TENDER):
    procurement = ProcurementFactory()
    Procurement.objects.filter(pk=procurement.pk).update(stage=stage)
    return LotFactory(procurement=Procurement.objects.get(pk=procurement.pk), number=1)


def test_weights_over_100_are_refused_on_the_weight(user):
    lot = _lot()
    services.criterion_add(user=user, lot=lot, name="Quality", weight=Decimal("70"))
    with pytest.raises(ValidationError) as caught:
        services.criterion_add(
            user=user, lot=lot, name="Price", weight=Decimal("40"), kind="price", price_formula="lowest"
        )
    assert caught.value.message_dict["weight"] == [
        "The weights of Lot 1's criteria would add up to 110%: they must add up to 100% (30% is left)."
    ]
    quality = lot.criteria.get()
    services.criterion_add(user=user, lot=lot, name="Outcomes", weight=Decimal("40"), parent=quality)
    with pytest.raises(ValidationError) as caught:
        services.criterion_add(user=user, lot=lot, name="Social value", weight=Decimal("35"), parent=quality)
    assert "Quality's sub-criteria would add up to 75%" in caught.value.message_dict["weight"][0]
    assert lot.criteria.count() == 2


def test_a_price_criterion_needs_its_formula(user):
    with pytest.raises(ValidationError) as caught:
        services.criterion_add(user=user, lot=_lot(), name="Price", weight=Decimal("30"), kind="price")
    assert "price_formula" in caught.value.message_dict


def _scored_lot(formula="lowest"):
    lot = _lot(Stage.EVALUATION)
    quality = CriterionFactory(lot=lot, name="Quality", weight=Decimal("70"), scale_max=5)
    price = CriterionFactory(lot=lot, name="Price", weight=Decimal("30"), kind="price", price_formula=formula)
    return lot, quality, price


def test_a_score_outside_the_scale_is_refused(user):
    lot, quality, _ = _scored_lot()
    bid = TenderBidFactory(lot=lot, status="submitted", price=Decimal("100000"))
    for bad in (Decimal("6"), Decimal("-1")):
        with pytest.raises(ValidationError) as caught:
            services.score_record(user=user, bid=bid, criterion=quality, score=bad)
        assert caught.value.message_dict["score"] == ["Enter a score from 0 to 5 (the criterion's scale)."]
    assert not bid.scores.exists()


def test_price_is_scored_by_formula_not_by_evaluators(user):
    lot, _, price = _scored_lot()
    bid = TenderBidFactory(lot=lot, status="submitted", price=Decimal("100000"))
    with pytest.raises(ValidationError):
        services.score_record(user=user, bid=bid, criterion=price, score=Decimal("3"))


def test_scoring_waits_for_the_evaluation_stage(user):
    lot = _lot()
    quality = CriterionFactory(lot=lot, weight=Decimal("100"))
    bid = TenderBidFactory(lot=lot, status="submitted")
    with pytest.raises(DomainError):
        services.score_record(user=user, bid=bid, criterion=quality, score=Decimal("3"))


def test_weighted_totals_and_ranks_from_agreed_scores_and_the_lowest_price(user):
    lot, quality, _ = _scored_lot("lowest")
    cheap = TenderBidFactory(lot=lot, status="submitted", price=Decimal("80000"))
    dear = TenderBidFactory(lot=lot, status="submitted", price=Decimal("100000"))
    other = commissioner(username="c_eval2")
    services.score_record(user=user, bid=cheap, criterion=quality, score=Decimal("3"))
    services.score_record(user=other, bid=cheap, criterion=quality, score=Decimal("4"))
    services.score_agree(user=user, bid=cheap, criterion=quality, score=Decimal("3"))
    services.score_agree(user=user, bid=dear, criterion=quality, score=Decimal("5"))
    rows = lot_evaluation(lot)["rows"]
    # cheap: 3/5 × 70 = 42 + 30 (lowest) = 72; dear: 5/5 × 70 = 70 + 30 × 80/100 = 24 → 94.
    assert [(row.bid.pk, round(row.bid.total_score, 2), row.bid.rank) for row in rows] == [
        (dear.pk, 94.0, 1),
        (cheap.pk, 72.0, 2),
    ]
    cheap_row = next(row for row in rows if row.bid.pk == cheap.pk)
    assert sorted(value for _, value in cheap_row.cells[0][0]) == [Decimal("3"), Decimal("4")]
    assert cheap_row.cells[0][1] == Decimal("3")


def test_price_relative_to_the_average(user):
    lot, _, _ = _scored_lot("average")
    low = TenderBidFactory(lot=lot, status="submitted", price=Decimal("80000"))
    high = TenderBidFactory(lot=lot, status="submitted", price=Decimal("120000"))
    scores = {row.bid.pk: round(row.bid.price_score, 2) for row in lot_evaluation(lot)["rows"]}
    # Average 100,000: below it keeps full marks (capped at the weight), 20% above loses 20%.
    assert scores == {low.pk: 30.0, high.pk: 24.0}


def _fill(lot, bidders: int, criteria: int, evaluators: list):
    quality = [CriterionFactory(lot=lot, weight=Decimal(70) / criteria) for _ in range(criteria)]
    CriterionFactory(lot=lot, weight=Decimal("30"), kind="price", price_formula="lowest")
    for n in range(bidders):
        bid = TenderBidFactory(lot=lot, status="submitted", price=Decimal(100000 + n))
        for criterion in quality:
            for evaluator in evaluators:
                services.score_record(user=evaluator, bid=bid, criterion=criterion, score=Decimal(n % 5))
            services.score_agree(user=evaluators[0], bid=bid, criterion=criterion, score=Decimal(n % 5))


def test_the_evaluation_page_uses_a_constant_number_of_queries(client_for, personas):
    evaluators = [personas[Role.COMMISSIONER], commissioner(username="c_eval3")]
    client = client_for(Role.COMMISSIONER)
    small, large = _lot(Stage.EVALUATION), _lot(Stage.EVALUATION)
    _fill(small, bidders=2, criteria=2, evaluators=evaluators[:1])
    _fill(large, bidders=6, criteria=4, evaluators=evaluators)
    client.get(reverse("commissioning:lot_evaluation", args=[small.pk]))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("commissioning:lot_evaluation", args=[small.pk])).status_code == 200
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("commissioning:lot_evaluation", args=[large.pk]))
    assert len(many) == len(few)
    assert len(page.context["rows"]) == 6 and [row.bid.rank for row in page.context["rows"]][0] == 1


def test_scores_and_agreed_scores_through_the_page(client_for):
    lot, quality, _ = _scored_lot()
    bid = TenderBidFactory(lot=lot, status="submitted", price=Decimal("1000"))
    client = client_for(Role.COMMISSIONER)
    url = reverse("commissioning:lot_score", args=[lot.pk])
    refused = client.post(url, {"bid": bid.pk, "criterion": quality.pk, "score": "9"})
    assert "the criterion's scale" in refused.context["form"].errors["score"][0]
    client.post(url, {"bid": bid.pk, "criterion": quality.pk, "score": "4"})
    client.post(url, {"bid": bid.pk, "criterion": quality.pk, "score": "4", "agreed": "on"})
    assert bid.scores.get().score == Decimal("4") and bid.agreed_scores.get().score == Decimal("4")


def _fill_in_bulk(lot, *, bidders: int, criteria: int, evaluators: list) -> None:
    """The lot's criteria, submitted bids, every evaluator's scores and the agreed scores, written
    in bulk (the services are tested above; here only the page's reads are)."""
    from commissioning.models import AgreedScore, Score
    from tests.commissioning.factories import ProviderFactory

    quality = [
        CriterionFactory(lot=lot, name=f"Question {n + 1}", weight=Decimal(70) / criteria, position=n + 1)
        for n in range(criteria)
    ]
    CriterionFactory(lot=lot, name="Price", weight=Decimal("30"), kind="price", price_formula="lowest", position=99)
    bids = [
        TenderBidFactory(lot=lot, bidder=ProviderFactory(), status="submitted", price=Decimal(100000 + 1000 * n))
        for n in range(bidders)
    ]
    Score.objects.bulk_create(
        Score(bid=bid, criterion=criterion, evaluator=evaluator, score=Decimal((n + e) % 6))
        for n, bid in enumerate(bids)
        for criterion in quality
        for e, evaluator in enumerate(evaluators)
    )
    AgreedScore.objects.bulk_create(
        AgreedScore(bid=bid, criterion=criterion, score=Decimal(n % 6), moderated_by=evaluators[0])
        for n, bid in enumerate(bids)
        for criterion in quality
    )


def test_the_evaluation_page_queries_do_not_grow_from_3_to_30_bidders(client_for, personas):
    """Issue 14's heavy lot: 30 bidders x 10 criteria x 3 evaluators reads in as many queries as
    3 bidders do, with the weighted totals and ranks from the database."""
    evaluators = [personas[Role.COMMISSIONER], commissioner(username="c_eval_b"), commissioner(username="c_eval_c")]
    client = client_for(Role.COMMISSIONER)
    few_lot, many_lot = _lot(Stage.EVALUATION), _lot(Stage.EVALUATION)
    _fill_in_bulk(few_lot, bidders=3, criteria=10, evaluators=evaluators)
    _fill_in_bulk(many_lot, bidders=30, criteria=10, evaluators=evaluators)
    client.get(reverse("commissioning:lot_evaluation", args=[few_lot.pk]))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("commissioning:lot_evaluation", args=[few_lot.pk])).status_code == 200
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("commissioning:lot_evaluation", args=[many_lot.pk]))
    assert page.status_code == 200
    assert len(many) == len(few) <= 15
    rows = page.context["rows"]
    assert len(rows) == 30 and all(len(row.cells) == 10 for row in rows)
    assert all(len(scores) == 3 for row in rows for scores, _ in row.cells)
    totals = [row.bid.total_score for row in rows]
    assert totals == sorted(totals, reverse=True) and rows[0].bid.rank == 1


def test_the_evaluation_table_escapes_bidder_and_evaluator_names(client_for, personas):
    """The ranking rows are written in Python (commissioning/templatetags/procurement_tags.py):
    names are escaped as the template engine would, and scores read as the template wrote them."""
    from commissioning.models import AgreedScore, Score
    from tests.commissioning.factories import ProviderFactory

    evaluator = commissioner(username="c_eval_x", first_name="<b>Eve</b>", last_name="O'Neil")
    lot = _lot(Stage.EVALUATION)
    quality = CriterionFactory(lot=lot, name="Quality", weight=Decimal("70"))
    CriterionFactory(lot=lot, name="Price", weight=Decimal("30"), kind="price", price_formula="lowest")
    bid = TenderBidFactory(
        lot=lot, bidder=ProviderFactory(name="<script>alert(1)</script> Care"), status="submitted", price=1000
    )
    Score.objects.create(bid=bid, criterion=quality, evaluator=evaluator, score=Decimal("3.50"))
    AgreedScore.objects.create(bid=bid, criterion=quality, score=Decimal("4.00"), moderated_by=evaluator)
    page = client_for(Role.COMMISSIONER).get(reverse("commissioning:lot_evaluation", args=[lot.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Care" in page
    assert "&lt;b&gt;Eve&lt;/b&gt; O&#x27;Neil: 3.50<br><strong>Agreed: 4</strong>" in page
    assert f'data-testid="total-{bid.pk}">86.00</td>' in page  # 4/5 x 70 = 56 quality + 30 price
