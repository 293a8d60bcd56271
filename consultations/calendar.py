"""The consultations calendar: events (a series' occurrences one by one), open actions' due
dates and milestones not yet achieved, in a date window, as rows for the calendar page and as
an iCalendar (RFC 5545) feed a commissioner subscribes to from a calendar app.

Each kind is one query of plain values (four at most, whatever the number of rows), scoped to
the user's council and shown only when the user's role may see that kind."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from consultations.choices import OPEN_ACTION_STATUSES, When
from consultations.models import ConsultationAction, ConsultationEvent, EventOccurrence, Milestone

EVENTS = "events"
ACTIONS = "actions"
MILESTONES = "milestones"
KINDS = {
    EVENTS: ("Events and meetings", "consultations.view_consultationevent"),
    ACTIONS: ("Action due dates", "consultations.view_consultationaction"),
    MILESTONES: ("Milestones", "consultations.view_milestone"),
}
# A window is at most this long, and each kind gives at most this many rows: a calendar of a
# year of one council's consultations stays a few thousand entries.
MAX_DAYS = 400
MAX_PER_KIND = 2_000
# The feed: from a month back (so a calendar app keeps what just happened) to a year ahead.
FEED_DAYS_BACK = 31
FEED_DAYS_AHEAD = 365


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    kind: str
    starts_on: date
    ends_on: date | None  # the last day of a date range, else None
    summary: str
    url: str
    description: str = ""

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]


def token_hash(token: str) -> str:
    """What is kept of a feed's secret: its SHA-256 (the secret is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def visible_kinds(user) -> list[str]:
    """The kinds of entry the user's role may see."""
    return [kind for kind, (_, perm) in KINDS.items() if user.has_perm(perm)]


def calendar_items(user, *, start: date, end: date, kinds=None) -> list[CalendarItem]:
    """Everything of the user's council falling between `start` and `end` (inclusive), by date."""
    from django.urls import reverse

    end = min(end, start + timedelta(days=MAX_DAYS))
    allowed = visible_kinds(user)
    wanted = [kind for kind in (kinds or allowed) if kind in allowed]
    items: list[CalendarItem] = []
    if EVENTS in wanted:
        # One-day events in the window, and date ranges overlapping it; a series is its occurrences.
        events = (
            ConsultationEvent.objects.visible_to(user)
            .exclude(when=When.RECURRING)
            .filter(starts_on__lte=end)
            .filter(Q(ends_on__isnull=True, starts_on__gte=start) | Q(ends_on__gte=start))
            .order_by("starts_on", "id")
            .values_list("id", "title", "starts_on", "ends_on", "about")[:MAX_PER_KIND]
        )
        for pk, title, starts_on, ends_on, about in events:
            items.append(
                CalendarItem(
                    f"event-{pk}",
                    EVENTS,
                    starts_on,
                    ends_on if ends_on and ends_on != starts_on else None,
                    title,
                    reverse("consultations:event_detail", args=[pk]),
                    about,
                )
            )
        occurrences = (
            EventOccurrence.objects.visible_to(user)
            .filter(held_on__range=(start, end))
            .order_by("held_on", "id")
            .values_list("id", "held_on", "event_id", "event__title", "event__about")[:MAX_PER_KIND]
        )
        for pk, held_on, event_id, title, about in occurrences:
            items.append(
                CalendarItem(
                    f"occurrence-{pk}",
                    EVENTS,
                    held_on,
                    None,
                    title,
                    reverse("consultations:event_detail", args=[event_id]),
                    about,
                )
            )
    if ACTIONS in wanted:
        actions = (
            ConsultationAction.objects.visible_to(user)
            .filter(status__in=OPEN_ACTION_STATUSES, due_on__range=(start, end))
            .order_by("due_on", "id")
            .values_list(
                "id", "due_on", "description", "message__event__title", "owner__first_name", "owner__last_name"
            )[:MAX_PER_KIND]
        )
        for pk, due_on, description, title, first, last in actions:
            owner = f"{first} {last}".strip()
            items.append(
                CalendarItem(
                    f"action-{pk}",
                    ACTIONS,
                    due_on,
                    None,
                    f"Action due: {description[:150]}",
                    reverse("consultations:action_update", args=[pk]),
                    f"From {title}. Owner: {owner}." if owner else f"From {title}.",
                )
            )
    if MILESTONES in wanted:
        milestones = (
            Milestone.objects.visible_to(user)
            .filter(done_on__isnull=True, due_on__range=(start, end))
            .order_by("due_on", "id")
            .values_list(
                "id", "due_on", "title", "workstream_id", "workstream__title", "deliverable__aim__strategy_id"
            )[:MAX_PER_KIND]
        )
        for pk, due_on, title, workstream_id, workstream_title, strategy_id in milestones:
            if workstream_id:
                url, parent = reverse("consultations:workstream_detail", args=[workstream_id]), workstream_title
            else:
                url, parent = reverse("consultations:strategy_detail", args=[strategy_id]), "the action plan"
            items.append(
                CalendarItem(f"milestone-{pk}", MILESTONES, due_on, None, f"Milestone: {title[:150]}", url, parent)
            )
    items.sort(key=lambda item: (item.starts_on, item.kind, item.summary))
    return items


def feed_window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
# Control characters other than a tab or a newline are not allowed in a TEXT value (RFC 5545 3.3.11).
_CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), 127])


def ical_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says: backslash, semicolon, comma and newline."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS).translate(_TEXT_ESCAPES)


def ical_fold(line: str) -> str:
    """A content line folded to at most 75 octets a line (RFC 5545 3.1), never inside a UTF-8
    character: each continuation line starts with one space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(encoded) - start > limit:
        cut = start + limit
        while encoded[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(encoded[start:cut])
        start, limit = cut, 74  # a continuation line's leading space takes one octet
    parts.append(encoded[start:])
    return b"\r\n ".join(parts).decode()


def feed_ical(items: list[CalendarItem], *, base_url: str, host: str) -> bytes:
    """The items as an RFC 5545 calendar of all-day entries: escaped, folded, CRLF line ends.

    Written here rather than through the icalendar package, which took 2.7 s for 5,000 entries
    (the tests parse the result with it)."""
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Carers Commissioning//Consultations//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Consultations",
    ]
    host = ical_text(host)
    for item in items:
        # DTEND of an all-day entry is the day after its last day (RFC 5545 3.6.1).
        last = (item.ends_on or item.starts_on) + timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last:%Y%m%d}",
            ical_fold(f"SUMMARY:{ical_text(item.summary)}"),
        ]
        if item.description:
            lines.append(ical_fold(f"DESCRIPTION:{ical_text(item.description)}"))
        lines += [
            ical_fold(f"URL:{base_url}{item.url}"),
            f"CATEGORIES:{ical_text(item.label)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()
