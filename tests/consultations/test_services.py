"""Consultation services: the success paths and each rule of bad input."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from consultations import services
from consultations.choices import ActionStatus, Audience, Method, Recurrence, When
from consultations.models import ConsultationAction, ConsultationEvent, EventOccurrence
from tests.consultations.factories import ActionFactory, EventFactory, MessageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _event_fields(**overrides):
    fields = {
        "title": "Carers Strategy Steering Group",
        "about": "Regular meeting",
        "run_by_name": "John Pearce",
        "run_by_organisation": "Strategic Commissioning S&CS",
        "method": Method.MEETING,
        "starts_on": date(2010, 1, 15),
        "audience": Audience.PROFESSIONALS,
    }
    return fields | overrides


def test_a_quarterly_series_lists_its_occurrences(personas):
    event = services.event_create(
        user=personas[Role.COMMISSIONER],
        **_event_fields(when=When.RECURRING, recurrence=Recurrence.QUARTERLY, occurrence_count=4),
    )
    assert list(event.occurrences.values_list("held_on", flat=True)) == [
        date(2010, 1, 15),
        date(2010, 4, 15),
        date(2010, 7, 15),
        date(2010, 10, 15),
    ]
    assert event.organisation == personas[Role.COMMISSIONER].organisation


def test_a_series_with_an_end_date_stops_there(personas):
    event = services.event_create(
        user=personas[Role.COMMISSIONER],
        **_event_fields(when=When.RECURRING, recurrence=Recurrence.MONTHLY, ends_on=date(2010, 3, 31)),
    )
    assert event.occurrences.count() == 3
    services.event_update(event=event, when=When.DATE)
    assert EventOccurrence.objects.filter(event=event).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"when": When.RANGE, "starts_on": date(2010, 2, 1), "ends_on": date(2010, 1, 1)}, "__all__"),
        ({"when": When.RECURRING, "recurrence": Recurrence.QUARTERLY}, "__all__"),
        ({"participants": -1}, "participants"),
        ({"run_by_name": ""}, "__all__"),
        ({"title": ""}, "title"),
        ({"about": "x" * 2_001}, "about"),
    ],
    ids=[
        "end-before-start",
        "series-without-end-or-count",
        "negative-participants",
        "nobody-ran-it",
        "no-title",
        "too-long",
    ],
)
def test_event_bad_input_is_refused_and_nothing_saved(personas, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.event_create(user=personas[Role.COMMISSIONER], **_event_fields(**overrides))
    assert field in caught.value.message_dict
    assert ConsultationEvent.objects.count() == 0


def test_end_before_start_message_is_plain():
    with pytest.raises(ValidationError) as caught:
        event = EventFactory.build(when=When.RANGE, starts_on=date(2010, 2, 1), ends_on=date(2010, 1, 1))
        services.model_full_clean(event, exclude=["organisation"])
    assert "The last date cannot be before the first." in str(caught.value)


def test_message_is_tagged_with_themes():
    information = ThemeFactory(name="Information and advice")
    peer = ThemeFactory(name="Peer support")
    message = services.message_add(
        event=EventFactory(), text="Improved information and peer support", themes=[information, peer]
    )
    assert set(message.themes.all()) == {information, peer}


def test_a_theme_no_longer_in_use_cannot_be_chosen():
    old = ThemeFactory(name="Old theme", is_active=False)
    with pytest.raises(ValidationError) as caught:
        services.message_add(event=EventFactory(), text="Something", themes=[old])
    assert "themes" in caught.value.message_dict


def test_an_action_without_an_owner_is_refused():
    with pytest.raises(ValidationError) as caught:
        services.action_create(
            message=MessageFactory(), description="Publish a guide", owner=None, due_on=date(2030, 1, 1)
        )
    assert caught.value.message_dict == {"owner": ["Choose who owns the action."]}
    assert ConsultationAction.objects.count() == 0


def test_an_action_is_closed_only_with_what_was_done():
    action = ActionFactory()
    with pytest.raises(ValidationError) as caught:
        services.action_update(action=action, status=ActionStatus.DONE, response="")
    assert "Say what was done" in str(caught.value)
    done = services.action_update(action=action, status=ActionStatus.DONE, response="We published the guide.")
    assert done.status == ActionStatus.DONE


def test_a_message_with_actions_is_not_deleted():
    action = ActionFactory()
    with pytest.raises(services.DomainError):
        services.message_delete(message=action.message)
