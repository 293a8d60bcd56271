"""The carers app's due-date sources for the reminders engine: assessment reviews, contingency
plan (emergency card) reviews and subject access request deadlines, from selectors.due_dates()."""

from collections import defaultdict
from datetime import date

from accounts.choices import Role
from reminders.registry import DueItem, Source, register

SOURCES = {
    "carers.assessment_review": ("Carers assessment review", ("4w", "1w")),
    "carers.contingency_plan_review": ("Contingency plan and emergency card review", ("4w", "1w")),
    "carers.sar_deadline": ("Subject access request deadline", ("2w", "1w", "2d")),
}


def _officers_by_organisation(organisation_ids: set[int]) -> dict[int, tuple[int, ...]]:
    """The active CSC officers of each organisation: they hold the records and get the reminders."""
    from accounts.models import User

    found: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(
        organisation_id__in=organisation_ids, is_active=True, groups__name=Role.CSC_OFFICER
    ).values_list("organisation_id", "id")
    for organisation_id, user_id in rows:
        found[organisation_id].append(user_id)
    return {org: tuple(sorted(ids)) for org, ids in found.items()}


def _fetch(source: str):
    def fetch(start: date, end: date):
        from carers.models import Assessment
        from carers.selectors import due_dates

        due = [d for d in due_dates(start=start, end=end) if d.source == source]
        officers = _officers_by_organisation({d.organisation_id for d in due})
        assessors = {}
        if source == "carers.assessment_review":
            assessors = dict(
                Assessment.objects.filter(pk__in=[d.object_id for d in due], assessor__isnull=False).values_list(
                    "pk", "assessor_id"
                )
            )
        for item in due:
            recipients = set(officers.get(item.organisation_id, ()))
            if item.object_id in assessors:
                recipients.add(assessors[item.object_id])
            yield DueItem(
                record_id=item.object_id,
                due_date=item.due_on,
                title=item.title,
                url=item.url,
                recipient_ids=tuple(sorted(recipients)),
            )

    return fetch


def register_sources() -> None:
    for name, (label, leads) in SOURCES.items():
        register(Source(name=name, label=label, fetch=_fetch(name), default_leads=leads, tags=("carers",)))
