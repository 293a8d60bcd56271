"""Carers' review dates and SAR deadlines reach the reminder engine as real sources."""

import datetime

import pytest

from accounts.choices import Role
from carers import choices as c
from reminders.models import Notification
from reminders.services import reminders_scan
from tests.carers.factories import AssessmentFactory, ContingencyPlanFactory, SubjectAccessRequestFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_assessment_review_reminds_the_assessor_four_weeks_then_one_week_before(personas):
    assessor = personas[Role.CSC_OFFICER]
    assessment = AssessmentFactory(
        assessed_on=datetime.date(2025, 12, 10), next_review_on=datetime.date(2026, 12, 10), assessor=assessor
    )
    reminders_scan(today=TODAY)
    reminders_scan(today=TODAY)
    [notice] = Notification.objects.filter(recipient=assessor)
    assert notice.key == f"carers.assessment_review:{assessment.pk}:2026-12-10:4w"
    assert notice.url == assessment.get_absolute_url()
    assert assessment.carer.first_name not in notice.title  # no names in e-mailed reminders
    reminders_scan(today=datetime.date(2026, 12, 4))
    assert Notification.objects.filter(recipient=assessor).count() == 2


def test_unassigned_reviews_go_to_the_councils_csc_officers_not_other_roles(personas):
    ContingencyPlanFactory(issued_on=datetime.date(2025, 12, 1), review_on=datetime.date(2026, 12, 1))
    reminders_scan(today=TODAY)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"p_csc"}


def test_erased_or_restricted_carers_are_not_reminded(personas):
    assessment = AssessmentFactory(assessed_on=datetime.date(2025, 12, 10), next_review_on=datetime.date(2026, 12, 10))
    assessment.carer.status = c.CarerStatus.RESTRICTED
    assessment.carer.save()
    assert reminders_scan(today=TODAY).by_source["carers.assessment_review"] == 0


def test_open_subject_access_request_deadline_and_overdue(personas):
    request = SubjectAccessRequestFactory(received_on=datetime.date(2026, 10, 20), due_on=datetime.date(2026, 11, 20))
    reminders_scan(today=TODAY)
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"carers.subject_access_deadline:{request.pk}:2026-11-20:overdue"}
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"p_csc", "p_admin"}
