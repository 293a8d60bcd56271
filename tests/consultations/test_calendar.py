"""The consultations calendar page and its iCalendar feed: what falls in the window, per role and
council; the feed's secret address (made, remade, revoked; only its hash kept); valid RFC 5545;
and a constant number of queries for a year's feed."""

from datetime import date

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from consultations import services
from consultations.calendar import token_hash
from consultations.choices import Audience, Method, Recurrence, When
from consultations.models import CalendarFeedToken
from tests.consultations.factories import (
    ActionFactory,
    DeliverableFactory,
    EventFactory,
    MessageFactory,
    MilestoneFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2030, 1, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2030, 1, 10), tick=False):
        yield


def _council_calendar(personas, other_org):
    """One of each kind in the home council, and an event of another council on the same day."""
    commissioner = personas[Role.COMMISSIONER]
    home = commissioner.organisation
    EventFactory(organisation=home, title="Provider forum", starts_on=date(2030, 2, 3))
    EventFactory(organisation=home, title="Old survey", starts_on=date(2029, 1, 3))
    EventFactory(
        organisation=home,
        title="Postal survey",
        when=When.RANGE,
        starts_on=date(2029, 12, 1),
        ends_on=date(2030, 2, 28),
    )
    services.event_create(
        user=commissioner,
        title="Carers Forum",
        about="Quarterly forum",
        run_by_name="Penny",
        method=Method.MEETING,
        audience=Audience.CARERS,
        when=When.RECURRING,
        recurrence=Recurrence.QUARTERLY,
        starts_on=date(2030, 1, 20),
        occurrence_count=4,
    )
    ActionFactory(message=MessageFactory(event=EventFactory(organisation=home)), description="Publish the guide")
    ActionFactory(
        message=MessageFactory(event=EventFactory(organisation=home)),
        description="Closed one",
        status="done",
        response="Done.",
    )
    MilestoneFactory(workstream=WorkstreamFactory(organisation=home), title="Cards issued", due_on=date(2030, 3, 1))
    MilestoneFactory(
        workstream=None, deliverable=DeliverableFactory(aim__strategy__organisation=home), title="GP training done"
    )
    EventFactory(organisation=other_org, title="Devon carers event", starts_on=date(2030, 2, 3))
    ActionFactory(message=MessageFactory(event=EventFactory(organisation=other_org)), description="Devon action")


def _feed_url(client) -> str:
    response = client.post(reverse("consultations:calendar_feed_issue"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("consultations:calendar"))
    return response.context["feed_url"]


def _feed(url: str, client=None):
    response = (client or Client()).get(url)
    return response


def test_calendar_page_lists_the_next_months(client_for, personas, other_org):
    _council_calendar(personas, other_org)
    response = client_for(Role.COMMISSIONER).get(reverse("consultations:calendar"))
    assert response.status_code == 200
    body = response.content.decode()
    for title in ("Provider forum", "Postal survey", "Carers Forum", "Publish the guide", "Cards issued"):
        assert title in body
    for title in ("Old survey", "Closed one", "Devon carers event", "Devon action", "GP training done"):
        assert title not in body  # before the window, done, another council's, after three months
    entries = [item for _, items in response.context["months"] for item in items]
    forum_dates = [item.starts_on for item in entries if item.summary == "Carers Forum"]
    assert forum_dates == [date(2030, 1, 20)]  # the series' next occurrence is after 9 April


def test_calendar_page_filters_by_kind_and_months(client_for, personas, other_org):
    _council_calendar(personas, other_org)
    client = client_for(Role.COMMISSIONER)
    response = client.get(reverse("consultations:calendar"), {"kinds": "milestones", "months": "12"})
    summaries = [item.summary for _, items in response.context["months"] for item in items]
    assert summaries == ["Milestone: Cards issued", "Milestone: GP training done"]
    bad = client.get(reverse("consultations:calendar"), {"start": "31/02/2030", "months": "7"})
    assert bad.status_code == 200 and bad.context["form"].errors and bad.context["count"] == 0


def test_calendar_page_is_refused_to_other_roles(client_for):
    assert client_for(Role.FINANCE_OFFICER).get(reverse("consultations:calendar")).status_code == 403
    assert Client().get(reverse("consultations:calendar")).status_code == 302


def test_feed_is_valid_icalendar_of_the_year_and_the_council_only(client_for, personas, other_org):
    _council_calendar(personas, other_org)
    response = _feed(_feed_url(client_for(Role.COMMISSIONER)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 3.1)
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    entries = {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}
    assert {"Provider forum", "Postal survey", "Carers Forum", "Action due: Publish the guide"} <= set(entries)
    assert {"Milestone: Cards issued", "Milestone: GP training done"} <= set(entries)
    assert not {"Devon carers event", "Action due: Devon action", "Old survey", "Action due: Closed one"} & set(entries)
    occurrences = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Carers Forum"]
    assert sorted(e.decoded("DTSTART") for e in occurrences) == [
        date(2030, 1, 20),
        date(2030, 4, 20),
        date(2030, 7, 20),
        date(2030, 10, 20),
    ]
    survey = entries["Postal survey"]
    assert (survey.decoded("DTSTART"), survey.decoded("DTEND")) == (date(2029, 12, 1), date(2030, 3, 1))
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert str(entries["Provider forum"]["URL"]).startswith("http://testserver/consultations/events/")


def test_feed_escapes_text(client_for, personas):
    home = personas[Role.COMMISSIONER].organisation
    EventFactory(organisation=home, title="Carers, providers; and\nGPs", starts_on=TODAY)
    raw = _feed(_feed_url(client_for(Role.COMMISSIONER))).content
    assert b"SUMMARY:Carers\\, providers\\; and\\nGPs" in raw
    entry = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Carers, providers; and\nGPs"


def test_only_the_tokens_hash_is_kept(client_for, personas):
    client = client_for(Role.COMMISSIONER)
    url = _feed_url(client)
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    stored = CalendarFeedToken.objects.get(user=personas[Role.COMMISSIONER])
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    page = client.get(reverse("consultations:calendar")).content.decode()
    assert token not in page and "You have a calendar feed." in page  # shown once only
    assert token not in str(dict(client.session))


def test_a_new_address_replaces_the_old_and_a_revoked_one_is_404(client_for):
    client = client_for(Role.COMMISSIONER)
    first = _feed_url(client)
    second = _feed_url(client)
    assert first != second
    assert _feed(first).status_code == 404
    assert _feed(second).status_code == 200
    response = client.post(reverse("consultations:calendar_feed_revoke"))
    assert response.status_code == 302
    assert _feed(second).status_code == 404
    assert CalendarFeedToken.objects.count() == 0


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "a-b_c"])
def test_a_wrong_token_is_404(client_for, token):
    _feed_url(client_for(Role.COMMISSIONER))
    assert _feed(reverse("consultations:calendar_feed", args=[token])).status_code == 404


def test_feed_of_a_user_no_longer_allowed_is_404(client_for, personas):
    url = _feed_url(client_for(Role.COMMISSIONER))
    user = personas[Role.COMMISSIONER]
    user.is_active = False
    user.save()
    assert _feed(url).status_code == 404


def test_feed_address_is_made_only_by_post_and_by_allowed_roles(client_for):
    client = client_for(Role.COMMISSIONER)
    assert client.get(reverse("consultations:calendar_feed_issue")).status_code == 405
    assert client_for(Role.FINANCE_OFFICER).post(reverse("consultations:calendar_feed_issue")).status_code == 403
    assert CalendarFeedToken.objects.count() == 0


def _add_year_of_entries(home, n: int) -> None:
    for k in range(n):
        day = date(2030, 1 + k % 12, 1 + k % 28)
        event = EventFactory(organisation=home, starts_on=day)
        ActionFactory(message=MessageFactory(event=event), due_on=day)
        MilestoneFactory(workstream=WorkstreamFactory(organisation=home), due_on=day)


def test_a_years_feed_is_a_constant_number_of_queries(client_for, personas, django_assert_max_num_queries):
    home = personas[Role.COMMISSIONER].organisation
    url = _feed_url(client_for(Role.COMMISSIONER))
    _add_year_of_entries(home, 2)
    with CaptureQueriesContext(connection) as few:
        assert _feed(url).status_code == 200
    _add_year_of_entries(home, 25)
    with django_assert_max_num_queries(len(few)):
        response = _feed(url)
    assert len(list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))) == 27 * 3


def test_calendar_page_is_a_constant_number_of_queries(client_for, personas, django_assert_max_num_queries):
    home = personas[Role.COMMISSIONER].organisation
    client = client_for(Role.COMMISSIONER)
    url = reverse("consultations:calendar") + "?months=12"
    _add_year_of_entries(home, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _add_year_of_entries(home, 20)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_long_lines_fold_at_75_octets_never_inside_a_character():
    from consultations.calendar import ical_fold

    line = "SUMMARY:" + "Carers’ café — ünïcødé " * 12
    folded = ical_fold(line)
    parts = folded.encode().split(b"\r\n")
    assert len(parts) > 3 and all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert "".join([parts[0].decode()] + [part[1:].decode() for part in parts[1:]]) == line  # each part decodes
    assert ical_fold("SUMMARY:short") == "SUMMARY:short"


def test_text_is_escaped_and_control_characters_dropped():
    from consultations.calendar import ical_text

    assert ical_text("a\\b;c,d\r\ne\tf\x00\x1bg") == "a\\\\b\\;c\\,d\\ne\tfg"
