"""Carers assessments and contingency plans (emergency alert cards)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from carers import choices as c
from carers.models.carer import Carer
from carers.models.dates import today as _today
from carers.querysets import (
    CarerOwnedQuerySet,
)
from common.fields import NOTES, SHORT_TEXT, BoundedTextField


class Assessment(models.Model):
    """A carers assessment (Care Act 2014 s.10): separate, joint or declined, with its support plan (s.25)."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="assessments")
    assessment_type = models.CharField("type", max_length=10, choices=c.AssessmentType.choices)
    assessed_on = models.DateField("date of assessment")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="carer_assessments"
    )
    outcome = models.CharField(max_length=15, choices=c.AssessmentOutcome.choices)
    eligible_needs = BoundedTextField(
        max_length=NOTES, blank=True, help_text="The needs that meet the eligibility criteria."
    )
    support_plan = BoundedTextField(
        max_length=NOTES, blank=True, help_text="The support plan agreed with the carer (Care Act s.25)."
    )
    support_provided = BoundedTextField("what will be provided", max_length=NOTES, blank=True)
    next_review_on = models.DateField("next review date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("assessed_on")),
                name="assessment_review_after_assessment",
                violation_error_message="The next review date cannot be before the assessment date.",
            ),
            models.CheckConstraint(
                condition=~Q(assessment_type="declined") | Q(outcome="declined"),
                name="assessment_declined_outcome",
                violation_error_message="A declined assessment has the outcome 'Declined'.",
            ),
        ]
        indexes = [
            # A carer's assessments, newest first; and "assessed or not" on the managers' list.
            models.Index(fields=["carer", "-assessed_on"], name="assessment_carer_date_idx"),
            # Review dates as reminder sources.
            models.Index(fields=["next_review_on"], name="assessment_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} on {self.assessed_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("carers:assessment_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.assessed_on and self.assessed_on > _today():
            errors["assessed_on"] = "The assessment date cannot be in the future."
        if self.assessed_on and self.next_review_on and self.next_review_on < self.assessed_on:
            errors["next_review_on"] = "The next review date cannot be before the assessment date."
        if self.assessment_type == c.AssessmentType.DECLINED:
            self.outcome = c.AssessmentOutcome.DECLINED
        elif self.outcome == c.AssessmentOutcome.DECLINED:
            errors["outcome"] = "Only a declined assessment has the outcome 'Declined'."
        if errors:
            raise ValidationError(errors)


class ContingencyPlan(models.Model):
    """An emergency contingency plan with its alert card: who to call if the carer is taken ill."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="contingency_plans")
    emergency_contacts = BoundedTextField(
        max_length=SHORT_TEXT, help_text="Names, relationship and phone numbers of who to call, in order."
    )
    arrangements = BoundedTextField(
        max_length=NOTES, blank=True, help_text="What the cared-for person needs while the carer is away."
    )
    card_number = models.CharField("emergency card number", max_length=30)
    issued_on = models.DateField("card issued on")
    review_on = models.DateField("review date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                name="contingencyplan_card_number_unique",
                violation_error_message="This emergency card number is already in use.",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=F("issued_on")),
                name="contingencyplan_review_after_issue",
                violation_error_message="The review date cannot be before the card was issued.",
            ),
        ]
        indexes = [
            # Review dates as reminder sources.
            models.Index(fields=["review_on"], name="contingencyplan_review_idx"),
        ]

    def __str__(self) -> str:
        return f"Emergency card {self.card_number}"

    def get_absolute_url(self) -> str:
        return reverse("carers:contingencyplan_detail", args=[self.pk])

    def clean(self) -> None:
        if self.issued_on and self.review_on and self.review_on < self.issued_on:
            raise ValidationError({"review_on": "The review date cannot be before the card was issued."})
        self.card_number = self.card_number.strip().upper()
