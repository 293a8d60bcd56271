"""Reference lists that administrators extend: condition categories and contact reasons."""

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class ReferenceList(models.Model):
    """An entry of a short list that administrators extend (condition categories, contact reasons);
    entries no longer used are switched off rather than deleted, so old records keep them."""

    name = models.CharField(max_length=100)
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConditionCategory(ReferenceList):
    """A kind of condition a cared-for person lives with (dementia, stroke...)."""

    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        verbose_name_plural = "condition categories"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="conditioncategory_name_unique_ci",
                violation_error_message="A condition category with this name already exists.",
            )
        ]


class ContactReason(ReferenceList):
    """Why someone contacted the CSC."""

    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contactreason_name_unique_ci",
                violation_error_message="A contact reason with this name already exists.",
            )
        ]
