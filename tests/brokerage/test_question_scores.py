"""Quality scored per question: the evaluator scores each of the call-off's quality questions (0–5)
and the bid's quality score (and so its weighted total and rank) is computed from them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from brokerage import selectors, services
from brokerage.models import BidQuestionScore
from common.errors import DomainError
from tests.brokerage import factories as f

pytestmark = pytest.mark.django_db

QUESTIONS = "How will you keep the same small team?\n\nHow will you help build friendships?\nWhat if a visit is missed?"


@pytest.fixture
def broker(personas):
    return personas[Role.BROKERAGE_OFFICER]


@pytest.fixture
def calloff():
    return f.CallOffFactory(quality_questions=QUESTIONS)


def test_the_quality_score_is_the_share_of_the_points_once_every_question_is_scored(broker, calloff):
    bid = f.BidFactory(calloff=calloff)
    assert calloff.question_list[1] == "How will you help build friendships?"
    bid = services.bid_assess(bid=bid, user=broker, question_scores={1: 4, 2: 3})
    assert bid.quality_score is None  # question 3 not scored yet
    bid = services.bid_assess(bid=bid, user=broker, question_scores={3: 5})
    assert bid.quality_score == Decimal("80.00")  # 12 of 15 points
    assert list(bid.question_scores.values_list("number", "score")) == [(1, 4), (2, 3), (3, 5)]
    bid = services.bid_assess(bid=bid, user=broker, question_scores={2: 0})
    assert bid.quality_score == Decimal("60.00")
    ranked = selectors.ranked_bids(calloff).get(pk=bid.pk)
    assert ranked.quality_points == Decimal("36.0000")  # 60% of the 60% quality weighting


def test_scores_rank_the_bids(broker, calloff):
    low = f.BidFactory(calloff=calloff, weekly_price=Decimal("190.00"))
    high = f.BidFactory(calloff=calloff, weekly_price=Decimal("200.00"))
    services.bid_assess(bid=low, user=broker, question_scores={1: 1, 2: 1, 3: 1})
    services.bid_assess(bid=high, user=broker, question_scores={1: 5, 2: 5, 3: 5})
    assert [bid.pk for bid in selectors.ranked_bids(calloff)] == [high.pk, low.pk]


@pytest.mark.parametrize(
    "arguments, field",
    [
        ({"quality_score": Decimal("70")}, "quality_score"),  # the questions give the score
        ({"question_scores": {4: 3}}, "question_scores"),  # there is no question 4
        ({"question_scores": {1: 6}}, "question_1"),
    ],
)
def test_bad_question_scores_are_refused(broker, calloff, arguments, field):
    bid = f.BidFactory(calloff=calloff)
    with pytest.raises(DomainError) as error:
        services.bid_assess(bid=bid, user=broker, **arguments)
    assert error.value.field == field
    assert not BidQuestionScore.objects.exists()


def test_a_call_off_without_questions_takes_one_quality_score(broker):
    bid = f.BidFactory(calloff=f.CallOffFactory(quality_questions=""))
    assert services.bid_assess(bid=bid, user=broker, quality_score=Decimal("70")).quality_score == Decimal("70")
    with pytest.raises(DomainError):
        services.bid_assess(bid=bid, user=broker, question_scores={1: 3})


def test_the_evaluator_scores_each_question_on_the_page(client_for, calloff):
    bid = f.BidFactory(calloff=calloff, provider=f.ProviderFactory(name="Danum Community Care"))
    client = client_for(Role.BROKERAGE_OFFICER)
    url = reverse("brokerage:calloffbid_assess", args=[bid.pk])
    form = client.get(url).content.decode()
    assert "Question 2: How will you help build friendships?" in form and 'name="quality_score"' not in form
    response = client.post(url, {"question_1": "4", "question_2": "9", "question_3": "5", "suitable": "true"})
    assert response.status_code == 200 and "Ensure this value is less than or equal to 5" in response.content.decode()
    response = client.post(url, {"question_1": "4", "question_2": "3", "question_3": "5", "suitable": "true"})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.quality_score == Decimal("80.00") and bid.suitable is True
    page = client.get(calloff.get_absolute_url()).content.decode()
    assert "By question: Q1 4/5, Q2 3/5, Q3 5/5" in page


def test_the_api_takes_scores_per_question(api_for, calloff):
    bid = f.BidFactory(calloff=calloff)
    api = api_for(Role.BROKERAGE_OFFICER)
    url = f"/api/call-off-bids/{bid.pk}/assess/"
    twice = {"question_scores": [{"number": 1, "score": 4}, {"number": 1, "score": 3}]}
    assert api.post(url, twice, format="json").status_code == 400
    scores = {"question_scores": [{"number": n, "score": s} for n, s in [(1, 4), (2, 3), (3, 5)]]}
    response = api.post(url, scores, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["quality_score"] == "80.00"
    assert [row["score"] for row in response.json()["question_scores"]] == [4, 3, 5]
    bids = api.get(f"/api/call-offs/{calloff.pk}/bids/").json()
    assert bids[0]["question_scores"][1]["question"] == "How will you help build friendships?"
