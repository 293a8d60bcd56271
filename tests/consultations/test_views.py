"""Consultation pages and API: create/edit flows, the themes page, "you said, we did", the home
panel, the demo, the reminder sources, and constant query counts on the event page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from consultations import demo
from consultations.models import ConsultationAction, ConsultationEvent, Theme
from consultations.reminders import action_due_dates, milestone_dates
from tests.consultations.factories import ActionFactory, EventFactory, MessageFactory, MilestoneFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_commissioner_records_an_event_from_the_page(client_for, personas):
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:event_create"),
        {
            "title": "Provider Forum",
            "about": "Provision of services",
            "run_by_user": personas[Role.COMMISSIONER].pk,
            "method": "meeting",
            "when": "date",
            "starts_on": "2010-06-29",
            "audience": "providers",
            "participants": "25",
        },
    )
    assert response.status_code == 302
    event = ConsultationEvent.objects.get()
    assert event.organisation == personas[Role.COMMISSIONER].organisation


def test_event_form_shows_errors_on_the_page(client_for):
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:event_create"),
        {
            "title": "X",
            "about": "Y",
            "run_by_name": "A",
            "method": "meeting",
            "when": "range",
            "starts_on": "2010-06-29",
            "ends_on": "2010-06-01",
            "audience": "carers",
            "participants": "-3",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The last date cannot be before the first." in body
    assert "The number of participants cannot be below zero." in body
    assert ConsultationEvent.objects.count() == 0


def test_action_from_a_message_and_the_printable_page(client_for, personas):
    message = MessageFactory(themes=[ThemeFactory(name="Transport")])
    client = client_for(Role.COMMISSIONER)
    response = client.post(
        reverse("consultations:message_action_create", args=[message.pk]),
        {
            "description": "Review transport",
            "owner": personas[Role.COMMISSIONER].pk,
            "due_on": "2030-01-31",
            "status": "done",
            "response": "We funded a community transport scheme.",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("consultations:event_yousaid", args=[message.event_id])).content.decode()
    assert message.text in page and "We funded a community transport scheme." in page
    theme = Theme.objects.get(name="Transport")
    assert "We funded" in client.get(reverse("consultations:theme_yousaid", args=[theme.pk])).content.decode()


def test_action_without_owner_from_the_page(client_for):
    message = MessageFactory()
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:message_action_create", args=[message.pk]),
        {"description": "Review transport", "owner": "", "due_on": "2030-01-31", "status": "open"},
    )
    assert response.status_code == 200 and "Choose who owns the action." in response.content.decode()
    assert ConsultationAction.objects.count() == 0


def test_themes_page_counts_events_and_links_to_messages(client_for):
    information = ThemeFactory(name="Information and advice")
    for year in (2009, 2010, 2010):
        MessageFactory(event=EventFactory(starts_on=date(year, 3, 1)), themes=[information])
    MessageFactory(event=EventFactory(organisation__name="Devon County Council"), themes=[information])
    response = client_for(Role.COMMISSIONER).get(reverse("consultations:theme_list"))
    row = next(r for r in response.context["rows"] if r["theme_id"] == information.pk)
    assert (row["events"], row["messages"], row["by_year"]) == (3, 3, [1, 2])
    assert reverse("consultations:theme_detail", args=[information.pk]) in response.content.decode()


def test_event_page_queries_do_not_grow_with_messages(client_for, django_assert_max_num_queries):
    event = EventFactory()
    themes = [ThemeFactory(name=f"T{n}") for n in range(3)]
    for _ in range(3):
        ActionFactory(message=MessageFactory(event=event, themes=themes))
    client = client_for(Role.COMMISSIONER)
    url = reverse("consultations:event_detail", args=[event.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        ActionFactory(message=MessageFactory(event=event, themes=themes))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_home_panel_leads_with_overdue_actions(client_for, personas):
    ActionFactory(owner=personas[Role.COMMISSIONER], due_on=timezone.localdate() - timedelta(days=3))
    ActionFactory(owner=personas[Role.COMMISSIONER], due_on=timezone.localdate() + timedelta(days=3))
    body = client_for(Role.COMMISSIONER).get("/").content.decode()
    assert "Consultation actions overdue" in body
    overdue = client_for(Role.COMMISSIONER).get(reverse("consultations:action_list") + "?overdue=true")
    assert len(overdue.context["table"].rows) == 1


def test_reminder_sources_yield_open_actions_and_milestones():
    action = ActionFactory(due_on=date(2030, 1, 31))
    ActionFactory(due_on=date(2030, 1, 31), status="done", response="Done.")
    milestone = MilestoneFactory(due_on=date(2030, 2, 1))
    items = list(action_due_dates(date(2030, 1, 1), date(2030, 2, 28)))
    assert [(i.record_id, i.recipient_ids) for i in items] == [(action.pk, (action.owner_id,))]
    assert [i.record_id for i in milestone_dates(date(2030, 1, 1), date(2030, 2, 28))] == [milestone.pk]


def test_api_creates_an_event_and_refuses_bad_input(api_for):
    api = api_for(Role.COMMISSIONER)
    good = {
        "title": "Survey",
        "about": "Annual survey",
        "run_by_name": "Jack Holt",
        "method": "postal_survey",
        "when": "range",
        "starts_on": "2009-11-01",
        "ends_on": "2010-02-28",
        "audience": "carers",
    }
    assert api.post(reverse("api:consultationevent-list"), good, format="json").status_code == 201
    bad = good | {"when": "recurring", "recurrence": "quarterly", "ends_on": None}
    response = api.post(reverse("api:consultationevent-list"), bad, format="json")
    assert response.status_code == 400 and "recurring series" in str(response.json())
    assert api_for(Role.FINANCE_OFFICER).get(reverse("api:consultationevent-list")).status_code == 403


def test_demo_loads_the_seed_events_once(db):
    from accounts import demo as accounts_demo

    accounts_demo.load()
    demo.load()
    demo.load()
    events = ConsultationEvent.objects.filter(organisation__name="Oxfordshire County Council")
    assert events.count() == 8
    series = events.get(title="Carers Strategy Steering Group")
    assert series.occurrences.count() == 4
    assert ConsultationAction.objects.count() == 3


def test_demo_links_the_june_2010_consultation_to_the_carers_centres(db):
    from accounts import demo as accounts_demo
    from commissioning import demo as commissioning_demo

    accounts_demo.load()
    commissioning_demo.load()
    demo.load()
    demo.load()
    event = ConsultationEvent.objects.get(organisation__name="Oxfordshire County Council", title="Carers Consultation")
    references = sorted(event.informed_contracts.values_list("reference", flat=True))
    assert references == ["OCC-CC-01", "OCC-CC-02", "OCC-CC-03"]


def test_event_page_cards_escape_their_text_and_link_each_message_action_and_theme(client_for):
    event = EventFactory()
    breaks = ThemeFactory(name="Breaks & <respite>")
    message = MessageFactory(event=event, text="<script>alert(1)</script> More breaks", themes=[breaks])
    action = ActionFactory(message=message, description="Fund <b>short</b> breaks", response="Done\nin March")
    bare = MessageFactory(event=event, text="Nothing tagged")

    body = client_for(Role.COMMISSIONER).get(reverse("consultations:event_detail", args=[event.pk])).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; More breaks" in body
    assert "Breaks &amp; &lt;respite&gt;" in body and "Fund &lt;b&gt;short&lt;/b&gt; breaks" in body
    assert "Done<br>in March" in body
    assert f'href="{reverse("consultations:message_update", args=[message.pk])}"' in body
    assert f'href="{reverse("consultations:message_action_create", args=[bare.pk])}"' in body
    assert f'href="{reverse("consultations:action_update", args=[action.pk])}"' in body
    assert f'href="{reverse("consultations:theme_detail", args=[breaks.pk])}"' in body
    assert body.count('data-testid="key-message"') == 2
    assert 'Edit<span class="govuk-visually-hidden"> message 2</span>' in body
    assert body.index("More breaks") < body.index("Nothing tagged")
    assert "No themes" in body[body.index("Nothing tagged") :]


def test_event_page_without_messages_says_so(client_for):
    event = EventFactory()
    body = client_for(Role.COMMISSIONER).get(reverse("consultations:event_detail", args=[event.pk])).content.decode()
    assert "No key messages recorded yet." in body


def test_demo_links_seed_000s_events_to_the_procurements_they_informed(db):
    from accounts import demo as accounts_demo
    from commissioning import demo as commissioning_demo

    accounts_demo.load()
    commissioning_demo.load()
    demo.load()
    demo.load()
    events = ConsultationEvent.objects.filter(organisation__name="Oxfordshire County Council")
    steering = events.get(title="Carers Strategy Steering Group")
    assert sorted(steering.informed_procurements.values_list("reference", flat=True)) == [
        "OCC-CC-2009",
        "OCC-CC-EX-2010",
    ]
    survey = events.get(title="Carers Annual Survey")
    assert list(survey.informed_procurements.values_list("reference", flat=True)) == ["OCC-CC-EX-2010"]
    assert not events.get(title="Carers Consultation").informed_procurements.exists()
