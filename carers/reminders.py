"""The carers app's due dates, registered with the reminder engine (reminders.registry).

Titles name the record by reference, not by the carer's name: notifications are also e-mailed,
and an e-mail is no place for a person's health-related record.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from carers import choices as c
from carers.models import Assessment, ContingencyPlan, SubjectAccessRequest
from reminders.registry import DueItem, Source, register


def _officers_by_organisation(*roles: Role) -> dict[int, tuple[int, ...]]:
    """Active users of these roles, by organisation (one query per scan)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles]).values_list(
        "organisation_id", "id"
    )
    for organisation_id, user_id in rows.distinct():
        found[organisation_id].append(user_id)
    return {org: tuple(ids) for org, ids in found.items()}


def assessment_reviews(start: date, end: date) -> Iterator[DueItem]:
    officers = _officers_by_organisation(Role.CSC_OFFICER)
    rows = (
        Assessment.objects.filter(
            next_review_on__range=(start, end), carer__status=c.CarerStatus.ACTIVE, carer__merged_into__isnull=True
        )
        .values_list("id", "carer_id", "next_review_on", "assessor_id", "carer__organisation_id")
        .iterator(chunk_size=2000)
    )
    for pk, carer_id, due, assessor_id, organisation_id in rows:
        recipients = (assessor_id,) if assessor_id else officers.get(organisation_id, ())
        yield DueItem(
            pk,
            due,
            f"Carers assessment review (carer ref {carer_id})",
            reverse("carers:assessment_detail", args=[pk]),
            recipients,
        )


def contingency_plan_reviews(start: date, end: date) -> Iterator[DueItem]:
    officers = _officers_by_organisation(Role.CSC_OFFICER)
    rows = (
        ContingencyPlan.objects.filter(
            review_on__range=(start, end), carer__status=c.CarerStatus.ACTIVE, carer__merged_into__isnull=True
        )
        .values_list("id", "carer_id", "review_on", "carer__organisation_id")
        .iterator(chunk_size=2000)
    )
    for pk, carer_id, due, organisation_id in rows:
        yield DueItem(
            pk,
            due,
            f"Emergency card and contingency plan review (carer ref {carer_id})",
            reverse("carers:contingencyplan_detail", args=[pk]),
            officers.get(organisation_id, ()),
        )


def subject_access_deadlines(start: date, end: date) -> Iterator[DueItem]:
    people = _officers_by_organisation(Role.CSC_OFFICER, Role.ADMINISTRATOR)
    rows = (
        SubjectAccessRequest.objects.filter(due_on__range=(start, end), completed_on__isnull=True)
        .values_list("id", "carer_id", "due_on", "carer__organisation_id")
        .iterator(chunk_size=2000)
    )
    for pk, carer_id, due, organisation_id in rows:
        yield DueItem(
            pk,
            due,
            f"Subject access request must be answered (carer ref {carer_id})",
            reverse("carers:carer_detail", args=[carer_id]),
            people.get(organisation_id, ()),
            body="The one-month legal deadline for this subject access request.",
        )


def register_sources() -> None:
    register(Source("carers.assessment_review", "Carers assessment review", assessment_reviews, ("4w", "1w")))
    register(Source("carers.contingency_plan_review", "Emergency card review", contingency_plan_reviews, ("4w", "1w")))
    register(
        Source(
            "carers.subject_access_deadline", "Subject access request deadline", subject_access_deadlines, ("2w", "3d")
        )
    )
