"""Writes for consultations: events (and a series' occurrences), key messages, documents,
actions, forums and their meetings, strategies' action plans, workstreams and milestones."""

import secrets
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from common.errors import DomainError
from common.writes import model_full_clean, model_save
from consultations.calendar import token_hash
from consultations.choices import MAX_OCCURRENCES, RECURRENCE_MONTHS, Recurrence, When
from consultations.models import (
    CalendarFeedToken,
    ConsultationAction,
    ConsultationDocument,
    ConsultationEvent,
    Deliverable,
    EventOccurrence,
    Forum,
    ForumMeeting,
    KeyMessage,
    Milestone,
    Strategy,
    StrategyAim,
    Theme,
    Workstream,
)
from consultations.validators import document_check


def _council_of(user: User) -> int:
    if not user.organisation_id:
        raise DomainError("Your account belongs to no council, so it cannot hold consultations.")
    return user.organisation_id


def series_dates(*, starts_on: date, recurrence: str, ends_on: date | None, count: int | None) -> list[date]:
    """The dates of a recurring series: every step from the first date until the end date or the
    count (whichever comes first), at most MAX_OCCURRENCES."""
    limit = min(count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    found: list[date] = []
    step = 0
    while len(found) < limit:
        if recurrence == Recurrence.WEEKLY:
            day = starts_on + timedelta(weeks=step)
        else:
            day = starts_on + relativedelta(months=RECURRENCE_MONTHS[Recurrence(recurrence)] * step)
        if ends_on is not None and day > ends_on:
            break
        found.append(day)
        step += 1
    return found


def _normalise_when(event: ConsultationEvent) -> None:
    """Drop what the kind of date does not use, so a one-day event keeps no stale series fields."""
    if event.when == When.DATE:
        event.ends_on = None
    if event.when != When.RECURRING:
        event.recurrence = ""
        event.occurrence_count = None


def _sync_occurrences(event: ConsultationEvent) -> None:
    event.occurrences.all().delete()
    if event.when != When.RECURRING:
        return
    dates = series_dates(
        starts_on=event.starts_on, recurrence=event.recurrence, ends_on=event.ends_on, count=event.occurrence_count
    )
    EventOccurrence.objects.bulk_create(EventOccurrence(event=event, held_on=day) for day in dates)


def _informed_checked(organisation_id: int, procurements, contracts, strategies) -> tuple[list | None, ...]:
    """The procurements, contracts and strategies an event informed, each its council's own: a
    procurement the council keeps or is run for, a contract the council is accountable for or a
    partner to, a strategy of the council. None (not given) leaves a link as it is."""
    from commissioning.models import Contract, Procurement

    errors = {}
    if procurements is not None:
        procurements = list(procurements)
        allowed = set(
            Procurement.objects.filter(pk__in=[p.pk for p in procurements])
            .filter(Q(organisation_id=organisation_id) | Q(run_for=organisation_id))
            .values_list("pk", flat=True)
        )
        if any(p.pk not in allowed for p in procurements):
            errors["informed_procurements"] = ["Choose procurements of your council."]
    if contracts is not None:
        contracts = list(contracts)
        allowed = set(
            Contract.objects.filter(pk__in=[c.pk for c in contracts])
            .filter(Q(accountable_body_id=organisation_id) | Q(on_behalf_of=organisation_id))
            .values_list("pk", flat=True)
        )
        if any(c.pk not in allowed for c in contracts):
            errors["informed_contracts"] = ["Choose contracts of your council."]
    if strategies is not None:
        strategies = list(strategies)
        if any(s.organisation_id != organisation_id for s in strategies):
            errors["informed_strategies"] = ["Choose strategies of your council."]
    if errors:
        raise ValidationError(errors)
    return procurements, contracts, strategies


def _set_informed(event: ConsultationEvent, procurements, contracts, strategies) -> None:
    if procurements is not None:
        event.informed_procurements.set(procurements)
    if contracts is not None:
        event.informed_contracts.set(contracts)
    if strategies is not None:
        event.informed_strategies.set(strategies)


@transaction.atomic
def event_create(
    *, user: User, informed_procurements=None, informed_contracts=None, informed_strategies=None, **fields
) -> ConsultationEvent:
    """Record a consultation event (or a recurring series, whose occurrences are listed) for the
    user's council, with the procurements, contracts and strategies it informed."""
    event = ConsultationEvent(organisation_id=_council_of(user), created_by=user, **fields)
    informed = _informed_checked(event.organisation_id, informed_procurements, informed_contracts, informed_strategies)
    _normalise_when(event)
    model_save(event)
    _sync_occurrences(event)
    _set_informed(event, *informed)
    return event


@transaction.atomic
def event_update(
    *,
    event: ConsultationEvent,
    informed_procurements=None,
    informed_contracts=None,
    informed_strategies=None,
    **fields,
) -> ConsultationEvent:
    """Correct an event; a series' occurrences follow its new dates. The procurements, contracts
    and strategies it informed are replaced when given."""
    event = ConsultationEvent.objects.select_for_update().get(pk=event.pk)
    informed = _informed_checked(event.organisation_id, informed_procurements, informed_contracts, informed_strategies)
    for name, value in fields.items():
        setattr(event, name, value)
    _normalise_when(event)
    model_save(event)
    _sync_occurrences(event)
    _set_informed(event, *informed)
    return event


def _themes_checked(themes) -> list[Theme]:
    themes = list(themes or [])
    inactive = [theme.name for theme in themes if not theme.is_active]
    if inactive:
        raise ValidationError({"themes": [f"No longer in use: {', '.join(inactive)}."]})
    return themes


@transaction.atomic
def message_add(*, event: ConsultationEvent, text: str, themes=()) -> KeyMessage:
    """Add a key message to an event, tagged with themes."""
    themes = _themes_checked(themes)
    message = model_save(KeyMessage(event=event, text=text))
    message.themes.set(themes)
    return message


@transaction.atomic
def message_update(*, message: KeyMessage, text: str, themes=()) -> KeyMessage:
    themes = _themes_checked(themes)
    message = model_save(message, text=text)
    message.themes.set(themes)
    return message


@transaction.atomic
def message_delete(*, message: KeyMessage) -> None:
    """Remove a key message entered by mistake; refused once actions hang on it."""
    if message.actions.exists():
        raise DomainError("This message has actions; close them rather than deleting the message.")
    message.delete()


@transaction.atomic
def document_upload(*, event: ConsultationEvent, user: User, title: str, kind: str, file) -> ConsultationDocument:
    """Keep a document for an event after checking its type, size and content (validators.document_check).

    The file goes to MEDIA_ROOT under a random name; only the download view gives it back."""
    _, content_type = document_check(file)
    original = (file.name or "document").rsplit("/", 1)[-1][:200]
    document = ConsultationDocument(
        event=event,
        title=title,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    model_full_clean(document, exclude=["file"])
    document.file.save(original, file, save=False)
    # A row that cannot be saved must not leave its file behind.
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_delete(*, document: ConsultationDocument) -> None:
    """Remove a document and its file (the file once the row's removal is committed)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def action_create(
    *, message: KeyMessage, description: str, owner: User | None, due_on: date, status: str = "open", response: str = ""
) -> ConsultationAction:
    """Record what will be done about a key message, who owns it and by when."""
    if owner is None:
        raise ValidationError({"owner": ["Choose who owns the action."]})
    return model_save(
        ConsultationAction(
            message=message, description=description, owner=owner, due_on=due_on, status=status, response=response
        )
    )


@transaction.atomic
def action_update(*, action: ConsultationAction, **fields) -> ConsultationAction:
    """Change an action's owner, date or status and say what was done ("we did")."""
    action = ConsultationAction.objects.select_for_update().get(pk=action.pk)
    if "owner" in fields and fields["owner"] is None:
        raise ValidationError({"owner": ["Choose who owns the action."]})
    return model_save(action, **fields)


@transaction.atomic
def forum_create(*, user: User, **fields) -> Forum:
    return model_save(Forum(organisation_id=_council_of(user), **fields))


@transaction.atomic
def forum_update(*, forum: Forum, **fields) -> Forum:
    return model_save(forum, **fields)


@transaction.atomic
def meeting_record(*, forum: Forum, **fields) -> ForumMeeting:
    """Record a forum meeting (linking the consultation event that holds its key messages, if any)."""
    event = fields.get("event")
    if event is not None and event.organisation_id != forum.organisation_id:
        raise ValidationError({"event": ["Choose one of your council's events."]})
    return model_save(ForumMeeting(forum=forum, **fields))


@transaction.atomic
def strategy_create(*, user: User, **fields) -> Strategy:
    forum = fields.get("forum")
    if forum is not None and forum.organisation_id != _council_of(user):
        raise ValidationError({"forum": ["Choose one of your council's forums."]})
    return model_save(Strategy(organisation_id=_council_of(user), **fields))


@transaction.atomic
def strategy_update(*, strategy: Strategy, **fields) -> Strategy:
    forum = fields.get("forum")
    if forum is not None and forum.organisation_id != strategy.organisation_id:
        raise ValidationError({"forum": ["Choose one of your council's forums."]})
    return model_save(strategy, **fields)


@transaction.atomic
def aim_add(*, strategy: Strategy, title: str, number: int | None = None) -> StrategyAim:
    """Add an aim to a strategy's action plan (numbered after the last one unless a number is given)."""
    if number is None:
        last = strategy.aims.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    return model_save(StrategyAim(strategy=strategy, number=number, title=title))


@transaction.atomic
def deliverable_add(*, aim: StrategyAim, **fields) -> Deliverable:
    return model_save(Deliverable(aim=aim, **fields))


@transaction.atomic
def deliverable_update(*, deliverable: Deliverable, **fields) -> Deliverable:
    """Record a deliverable's progress (or change its owner)."""
    return model_save(deliverable, **fields)


@transaction.atomic
def workstream_create(*, user: User, **fields) -> Workstream:
    return model_save(Workstream(organisation_id=_council_of(user), **fields))


@transaction.atomic
def workstream_update(*, workstream: Workstream, **fields) -> Workstream:
    return model_save(workstream, **fields)


@transaction.atomic
def milestone_add(
    *,
    title: str,
    due_on: date,
    workstream: Workstream | None = None,
    deliverable: Deliverable | None = None,
    done_on: date | None = None,
) -> Milestone:
    """Add a dated milestone to a workstream or to a deliverable (a reminder source until achieved)."""
    return model_save(
        Milestone(workstream=workstream, deliverable=deliverable, title=title, due_on=due_on, done_on=done_on)
    )


@transaction.atomic
def milestone_update(*, milestone: Milestone, **fields) -> Milestone:
    """Change a milestone's date or record it achieved."""
    fields.pop("workstream", None)
    fields.pop("deliverable", None)
    return model_save(milestone, **fields)


@transaction.atomic
def calendar_feed_issue(*, user: User) -> str:
    """Make a new secret for the user's calendar feed and give it back (once: only its hash is
    kept). The previous address, if any, stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """Stop the user's calendar feed: its address answers 404 from now on."""
    CalendarFeedToken.objects.filter(user=user).delete()
