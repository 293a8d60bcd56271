"""Read use-cases for consultations: querysets already shaped for the page or serializer."""

from datetime import date

from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from consultations.calendar import token_hash
from consultations.models import (
    CalendarFeedToken,
    ConsultationAction,
    ConsultationDocument,
    ConsultationEvent,
    Deliverable,
    Forum,
    ForumMeeting,
    KeyMessage,
    Milestone,
    Strategy,
    StrategyAim,
    Theme,
    Workstream,
)


def event_list(user) -> QuerySet[ConsultationEvent]:
    """The council's events with who ran them and how many messages each has (one query a page)."""
    return (
        ConsultationEvent.objects.visible_to(user)
        .select_related("run_by_user")
        .annotate(message_count=Count("messages", distinct=True))
    )


def event_for_page(user) -> QuerySet[ConsultationEvent]:
    return ConsultationEvent.objects.visible_to(user).select_related("run_by_user", "created_by")


def event_messages(event: ConsultationEvent) -> QuerySet[KeyMessage]:
    """An event's messages with their themes and actions (and owners): a constant number of queries."""
    return event.messages.order_by("id").prefetch_related(
        "themes",
        Prefetch("actions", queryset=ConsultationAction.objects.select_related("owner").order_by("due_on", "id")),
    )


def event_documents(event: ConsultationEvent) -> QuerySet[ConsultationDocument]:
    return event.documents.select_related("uploaded_by").order_by("title", "id")


def message_list(user) -> QuerySet[KeyMessage]:
    return KeyMessage.objects.visible_to(user).select_related("event").prefetch_related("themes")


def document_list(user) -> QuerySet[ConsultationDocument]:
    return ConsultationDocument.objects.visible_to(user).select_related("event")


def action_list(user) -> QuerySet[ConsultationAction]:
    return ConsultationAction.objects.visible_to(user).select_related("owner", "message", "message__event")


def theme_counts(user) -> list[dict]:
    """How often each theme came up across the council's events: messages, events, first and last
    year. Counted in SQL over the message–theme table, grouped by theme."""
    through = KeyMessage.themes.through
    rows = (
        through.objects.filter(keymessage__in=KeyMessage.objects.visible_to(user).values("pk"))
        .values("theme_id", "theme__name")
        .annotate(
            messages=Count("keymessage_id", distinct=True),
            events=Count("keymessage__event_id", distinct=True),
            first=Min("keymessage__event__starts_on"),
            last=Max("keymessage__event__starts_on"),
        )
        .order_by("-events", "-messages", "theme__name")
    )
    return list(rows)


def theme_by_year(user) -> dict[int, dict[int, int]]:
    """{theme id: {year: events that year}} for the themes page's over-time table."""
    through = KeyMessage.themes.through
    rows = (
        through.objects.filter(keymessage__in=KeyMessage.objects.visible_to(user).values("pk"))
        .annotate(year=ExtractYear("keymessage__event__starts_on"))
        .values("theme_id", "year")
        .annotate(events=Count("keymessage__event_id", distinct=True))
        .order_by()
    )
    found: dict[int, dict[int, int]] = {}
    for row in rows:
        found.setdefault(row["theme_id"], {})[row["year"]] = row["events"]
    return found


def theme_messages(user, theme: Theme) -> QuerySet[KeyMessage]:
    return (
        KeyMessage.objects.visible_to(user)
        .filter(themes=theme)
        .select_related("event")
        .prefetch_related(
            "themes",
            Prefetch("actions", queryset=ConsultationAction.objects.select_related("owner").order_by("due_on", "id")),
        )
        .order_by("-event__starts_on", "id")
    )


def actions_due(user, today: date, until: date) -> QuerySet[ConsultationAction]:
    """Open actions overdue or due by `until`, soonest first (the home-page panel's rows)."""
    return action_list(user).still_open().filter(due_on__lte=until).order_by("due_on", "id")


def forum_list(user) -> QuerySet[Forum]:
    return Forum.objects.visible_to(user).annotate(meeting_count=Count("meetings"), last_met=Max("meetings__held_on"))


def forum_meetings(forum: Forum) -> QuerySet[ForumMeeting]:
    return forum.meetings.select_related("event").order_by("-held_on", "-id")


def meeting_list(user) -> QuerySet[ForumMeeting]:
    return ForumMeeting.objects.visible_to(user).select_related("forum")


def strategy_list(user) -> QuerySet[Strategy]:
    return Strategy.objects.visible_to(user).select_related("forum")


def strategy_plan(strategy: Strategy) -> QuerySet[StrategyAim]:
    """The action plan: aims, each with its deliverables (owners) and their milestones."""
    return strategy.aims.order_by("number").prefetch_related(
        Prefetch(
            "deliverables",
            queryset=Deliverable.objects.select_related("owner")
            .order_by("id")
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id"))),
        )
    )


def aim_list(user) -> QuerySet[StrategyAim]:
    return StrategyAim.objects.visible_to(user).select_related("strategy")


def deliverable_list(user) -> QuerySet[Deliverable]:
    return (
        Deliverable.objects.visible_to(user)
        .select_related("owner", "aim", "aim__strategy")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")))
    )


def workstream_list(user) -> QuerySet[Workstream]:
    return Workstream.objects.visible_to(user).select_related("lead")


def workstream_milestones(workstream: Workstream) -> QuerySet[Milestone]:
    return workstream.milestones.order_by("due_on", "id")


def milestone_list(user) -> QuerySet[Milestone]:
    return Milestone.objects.visible_to(user).select_related("workstream", "deliverable")


def calendar_feed_user(token: str):
    """The active user whose calendar feed has this secret, or None (one query)."""
    found = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    return found.user if found else None


def calendar_feed_exists(user) -> bool:
    return CalendarFeedToken.objects.filter(user=user).exists()


def event_informed(event: ConsultationEvent, user) -> dict:
    """The procurements and contracts (those the viewer may see) and strategies an event informed,
    for its page."""
    from commissioning.models import Contract, Procurement

    procurements = Procurement.objects.none()
    if user.has_perm("commissioning.view_procurement"):
        procurements = Procurement.objects.visible_to(user).filter(consultations=event).order_by("reference", "id")
    return {
        "procurements": procurements,
        "contracts": Contract.objects.visible_to(user)
        .filter(consultations=event)
        .select_related("provider")
        .order_by("reference", "id"),
        "strategies": event.informed_strategies.order_by("-starts_on", "id"),
    }


def events_informing_procurement(user, procurement) -> QuerySet[ConsultationEvent]:
    """The consultation events of the user's council that informed a procurement (for the
    procurement's page in commissioning); none for a role that may not see consultations."""
    if not user.has_perm("consultations.view_consultationevent"):
        return ConsultationEvent.objects.none()
    return (
        ConsultationEvent.objects.visible_to(user)
        .filter(informed_procurements=procurement)
        .order_by("-starts_on", "-id")
    )


def events_informing_contract(user, contract) -> QuerySet[ConsultationEvent]:
    """The consultation events of the user's council that informed a contract (for the contract's
    page in commissioning); none for a role that may not see consultations."""
    if not user.has_perm("consultations.view_consultationevent"):
        return ConsultationEvent.objects.none()
    return ConsultationEvent.objects.visible_to(user).filter(informed_contracts=contract).order_by("-starts_on", "-id")


def events_informing_strategy(strategy) -> QuerySet[ConsultationEvent]:
    return strategy.informed_by_events.order_by("-starts_on", "-id")
