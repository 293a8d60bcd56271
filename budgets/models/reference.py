"""Funding streams: where the money for carers comes from (Area Based Grant, the council's base
budget, the PCT/ICB, the Better Care Fund pooled fund, the carers grant). A reference list an
administrator edits; budgets record what each stream contributes, and contracts name theirs."""

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from budgets.choices import FundingKind
from common.fields import SHORT_TEXT, BoundedTextField
from common.reference import ReferenceList


class FundingStream(ReferenceList):
    """One source of money for carers' services."""

    kind = models.CharField(max_length=20, choices=FundingKind.choices, default=FundingKind.COUNCIL)
    description = BoundedTextField(blank=True, max_length=SHORT_TEXT)
    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="fundingstream_name_unique_ci",
                violation_error_message="A funding stream with this name already exists.",
            )
        ]
