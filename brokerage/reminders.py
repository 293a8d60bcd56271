"""Brokerage's due dates for the reminder engine: care package reviews and personal budget
reviews. Titles name the record by reference, never the person (notifications are e-mailed)."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from accounts.choices import Role
from brokerage import choices as b
from brokerage.models import CarePackage, PersonalBudget
from carers.reminders import _officers_by_organisation
from reminders.registry import DueItem, Source, register


def package_reviews(start: date, end: date) -> Iterator[DueItem]:
    officers = _officers_by_organisation(Role.BROKERAGE_OFFICER)
    rows = (
        CarePackage.objects.filter(review_on__range=(start, end), status=b.PackageStatus.ACTIVE)
        .values_list("id", "review_on", "organisation_id")
        .iterator(chunk_size=2000)
    )
    for pk, due, organisation_id in rows:
        yield DueItem(
            pk,
            due,
            f"Care package review (package ref {pk})",
            reverse("brokerage:carepackage_detail", args=[pk]),
            officers.get(organisation_id, ()),
        )


def budget_reviews(start: date, end: date) -> Iterator[DueItem]:
    officers = _officers_by_organisation(Role.BROKERAGE_OFFICER)
    rows = (
        PersonalBudget.objects.filter(review_on__range=(start, end))
        .values_list("id", "review_on", "organisation_id")
        .iterator(chunk_size=2000)
    )
    for pk, due, organisation_id in rows:
        yield DueItem(
            pk,
            due,
            f"Personal budget review (budget ref {pk})",
            reverse("brokerage:personalbudget_detail", args=[pk]),
            officers.get(organisation_id, ()),
        )


def register_sources() -> None:
    register(Source("brokerage.package_review", "Care package review", package_reviews, ("4w", "1w")))
    register(Source("brokerage.budget_review", "Personal budget review", budget_reviews, ("4w", "1w")))
