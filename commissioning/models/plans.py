"""Procurement plans from templates: a template gives each stage of the pipeline its standard
duration for one route; a procurement's plan schedules its stages backwards from the date its
new contract must start (the rules: commissioning/plans.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.choices import DAYS_IN, DurationUnit, ProcurementRoute, Stage
from commissioning.querysets import PlannedStageQuerySet, PlanQuerySet, PlanTemplateQuerySet
from common.fields import SHORT_TEXT, BoundedTextField


class PlanTemplate(models.Model):
    """A named standard plan for one route (an open procedure, the light-touch regime): a duration
    for each stage it goes through. An organisation's commissioners and administrators keep their
    own; a template with no organisation is the deployment's, offered to every organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="plan_templates"
    )
    name = models.CharField(max_length=120, help_text="For example: Open procedure (standard).")
    route = models.CharField(max_length=30, choices=ProcurementRoute.choices)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    is_active = models.BooleanField("offered for new plans", default=True)

    history = HistoricalRecords()
    objects = PlanTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="plan_template_name_unique",
                violation_error_message="This organisation already has a plan template with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commissioning:plantemplate_update", args=[self.pk])


class PlanTemplateStage(models.Model):
    """One stage of a template with its standard duration, in days or weeks."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    duration = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=10, choices=DurationUnit.choices, default=DurationUnit.WEEKS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "stage"],
                name="plan_template_stage_unique",
                violation_error_message="This template already has a duration for this stage.",
            ),
            models.CheckConstraint(
                condition=Q(duration__gt=0),
                name="plan_template_duration_positive",
                violation_error_message="A stage's duration is 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.duration} {self.get_unit_display().lower()}"

    @property
    def days(self) -> int:
        return self.duration * DAYS_IN[self.unit]


class ProcurementPlan(models.Model):
    """A procurement's plan: the template it follows and the date its new contract must start.
    Its stages' planned dates (PlannedStage) are scheduled backwards from that date and rewritten
    whenever the template or the date changes."""

    procurement = models.OneToOneField("commissioning.Procurement", on_delete=models.CASCADE, related_name="plan")
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="plans")
    must_start_on = models.DateField("new contract must start on")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["must_start_on", "id"]

    def __str__(self) -> str:
        return f"Plan of {self.procurement.reference}: new contract by {self.must_start_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return f"{self.procurement.get_absolute_url()}#plan"


class PlannedStage(models.Model):
    """One stage of a plan with its planned start and end (live: its start only). `position` is
    the stage's place in the pipeline (choices.STAGE_ORDER), which the lateness test compares."""

    plan = models.ForeignKey(ProcurementPlan, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    position = models.PositiveSmallIntegerField()
    starts_on = models.DateField("planned start")
    ends_on = models.DateField("planned end", null=True, blank=True)

    objects = PlannedStageQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        indexes = [
            # The lateness subquery: a plan's next stage after a position (commissioning.plans).
            models.Index(fields=["plan", "position", "starts_on"], name="planned_stage_next_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "stage"],
                name="planned_stage_unique",
                violation_error_message="This plan already schedules this stage.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.starts_on:%d/%m/%Y}"
