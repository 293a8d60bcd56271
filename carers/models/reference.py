"""Reference lists that administrators extend: condition categories, contact reasons and the
familiar forms of first names the carer search knows."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from common.reference import ReferenceList


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


class FirstNameForm(models.Model):
    """A familiar form of a first name (Bill, Peggy, Jim, Sue) and the name it stands for
    (William, Margaret, James, Susan): "Bill Smith" typed into the search finds William Smith, and
    "William Smith" finds a carer registered as Bill. Seeded with common English forms by a data
    migration; administrators add more in Django admin. Both names are kept as the search
    compares them (lower case, no accents or punctuation)."""

    familiar = models.CharField("familiar form", max_length=30, help_text="For example Bill.")
    formal = models.CharField("first name", max_length=30, help_text="For example William.")

    class Meta:
        ordering = ["formal", "familiar"]
        verbose_name = "familiar form of a first name"
        verbose_name_plural = "familiar forms of first names"
        constraints = [
            models.UniqueConstraint(
                fields=["familiar", "formal"],
                name="firstnameform_unique_pair",
                violation_error_message="This familiar form of that first name is already listed.",
            ),
            models.CheckConstraint(
                condition=~models.Q(familiar=models.F("formal")),
                name="firstnameform_differs",
                violation_error_message="A familiar form must differ from the first name.",
            ),
        ]
        indexes = [
            # The search looks up the forms of the words typed, either way round.
            models.Index(fields=["formal"], name="firstnameform_formal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.familiar.title()} → {self.formal.title()}"

    def clean(self) -> None:
        from carers.matching import words

        self.familiar = " ".join(words(self.familiar))
        self.formal = " ".join(words(self.formal))
        if not self.familiar or not self.formal:
            raise ValidationError("Enter both names, in letters.")
        if " " in self.familiar or " " in self.formal:
            raise ValidationError("Enter one word for each name.")
