"""The consultations app's due dates, registered with the reminder engine (reminders.registry):
actions' due dates (to their owner) and milestones' dates (to the workstream's lead or the
deliverable's owner, else the council's commissioners)."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from consultations.choices import OPEN_ACTION_STATUSES
from consultations.models import ConsultationAction, Milestone
from reminders.registry import DueItem, Source, register


def _commissioners_by_organisation() -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(is_active=True, groups__name=Role.COMMISSIONER.value).values_list(
        "organisation_id", "id"
    )
    for organisation_id, user_id in rows.distinct():
        found[organisation_id].append(user_id)
    return {org: tuple(ids) for org, ids in found.items()}


def action_due_dates(start: date, end: date) -> Iterator[DueItem]:
    rows = (
        ConsultationAction.objects.filter(due_on__range=(start, end), status__in=OPEN_ACTION_STATUSES)
        .values_list("id", "due_on", "owner_id", "message__event__title")
        .iterator(chunk_size=2000)
    )
    for pk, due, owner_id, title in rows:
        yield DueItem(
            pk,
            due,
            f"Consultation action due ({title})",
            reverse("consultations:action_update", args=[pk]),
            (owner_id,),
            body='A "you said, we did" action you own.',
        )


def milestone_dates(start: date, end: date) -> Iterator[DueItem]:
    commissioners = _commissioners_by_organisation()
    rows = (
        Milestone.objects.filter(due_on__range=(start, end), done_on__isnull=True)
        .values_list(
            "id",
            "due_on",
            "title",
            "workstream_id",
            "workstream__lead_id",
            "workstream__organisation_id",
            "deliverable__owner_id",
            "deliverable__aim__strategy_id",
            "deliverable__aim__strategy__organisation_id",
        )
        .iterator(chunk_size=2000)
    )
    for pk, due, title, workstream_id, lead_id, ws_org, owner_id, strategy_id, st_org in rows:
        if workstream_id:
            url = reverse("consultations:workstream_detail", args=[workstream_id])
            person, organisation = lead_id, ws_org
        else:
            url = reverse("consultations:strategy_detail", args=[strategy_id])
            person, organisation = owner_id, st_org
        recipients = (person,) if person else commissioners.get(organisation, ())
        yield DueItem(pk, due, f"Milestone due: {title[:120]}", url, recipients)


def register_sources() -> None:
    register(Source("consultations.action_due", "Consultation action due", action_due_dates, ("2w", "3d")))
    register(
        Source("consultations.milestone_due", "Action plan or workstream milestone", milestone_dates, ("4w", "1w"))
    )
