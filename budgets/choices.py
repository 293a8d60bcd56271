"""Choices of the budgets app."""

from django.db import models


class FundingKind(models.TextChoices):
    """What kind of money a funding stream is: it decides who reports on it and how."""

    COUNCIL = "council", "Council budget"
    GRANT = "grant", "Government grant"
    NHS = "nhs", "NHS (PCT, CCG or ICB)"
    POOLED = "pooled", "Pooled fund (e.g. Better Care Fund)"
    OTHER = "other", "Other"


class BudgetStatus(models.TextChoices):
    """A budget's workflow: drafted, approved (its own permission), closed at year end."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    CLOSED = "closed", "Closed"


# The allowed transitions, in one table (STYLE.md §2).
BUDGET_TRANSITIONS = {
    BudgetStatus.DRAFT: {BudgetStatus.APPROVED},
    BudgetStatus.APPROVED: {BudgetStatus.CLOSED},
    BudgetStatus.CLOSED: set(),
}
