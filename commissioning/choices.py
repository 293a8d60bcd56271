"""Choices and constants of the contracts register."""

from django.db import models


class ContractStatus(models.TextChoices):
    """What a contract's record says. Whether a live contract has run out is derived from its
    current end (see querysets.ContractQuerySet.with_status), never stored a second time."""

    LIVE = "live", "Live"
    TERMINATED = "terminated", "Terminated early"


class StatusFilter(models.TextChoices):
    """The register's status filter: the stored status plus the derived "expired"."""

    LIVE = "live", "Live"
    EXPIRED = "expired", "Expired (past its current end)"
    TERMINATED = "terminated", "Terminated early"


class ReviewFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly monitoring"
    QUARTERLY = "quarterly", "Quarterly monitoring"
    SIX_MONTHLY = "six_monthly", "Six-monthly review"
    ANNUAL = "annual", "Annual review"


# How far a recorded review moves the next review date on, in months.
REVIEW_MONTHS = {
    ReviewFrequency.MONTHLY: 1,
    ReviewFrequency.QUARTERLY: 3,
    ReviewFrequency.SIX_MONTHLY: 6,
    ReviewFrequency.ANNUAL: 12,
}


class AmendmentKind(models.TextChoices):
    EXTENSION = "extension", "Extension (an option exercised)"
    VALUE = "value", "Variation of value"
    SCOPE = "scope", "Variation of scope"
    TERM = "term", "Variation of term"
    TERMINATION = "termination", "Early termination"


class NoticeKind(models.TextChoices):
    """The Procurement Act 2023 notice an amendment needs."""

    UK10 = "UK10", "UK10 contract change notice"
    UK11 = "UK11", "UK11 contract termination notice"


# The notice each kind of amendment would need: a modification needs a contract change notice,
# an early termination a termination notice.
NOTICE_FOR = {
    AmendmentKind.EXTENSION: NoticeKind.UK10,
    AmendmentKind.VALUE: NoticeKind.UK10,
    AmendmentKind.SCOPE: NoticeKind.UK10,
    AmendmentKind.TERM: NoticeKind.UK10,
    AmendmentKind.TERMINATION: NoticeKind.UK11,
}


class ThresholdAppliesTo(models.TextChoices):
    EXTENSION = "extension", "Extensions"
    VARIATION = "variation", "Variations of value"
    ANY = "any", "Extensions and variations"


class AccreditationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    SUSPENDED = "suspended", "Suspended"
    LAPSED = "lapsed", "Lapsed"


class KpiRating(models.TextChoices):
    """The Procurement Act 2023 scale for a contract's key performance indicators."""

    GOOD = "good", "Good"
    APPROACHING = "approaching", "Approaching target"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    OTHER = "other", "Other"


class KpiFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


KPI_MONTHS = {KpiFrequency.MONTHLY: 1, KpiFrequency.QUARTERLY: 3, KpiFrequency.ANNUAL: 12}

# A contract above this total value should have at least this many KPIs (the Procurement Act
# 2023 publication duty for contracts over £5m).
KPI_FLAG_VALUE = 5_000_000
KPI_FLAG_COUNT = 3

# The register's value bands (upper bounds exclusive; None: no upper bound).
VALUE_BANDS = {
    "under_50k": ("Under £50,000", 0, 50_000),
    "50k_150k": ("£50,000 to £150,000", 50_000, 150_000),
    "150k_1m": ("£150,000 to £1m", 150_000, 1_000_000),
    "1m_5m": ("£1m to £5m", 1_000_000, 5_000_000),
    "over_5m": ("Over £5m", 5_000_000, None),
}
