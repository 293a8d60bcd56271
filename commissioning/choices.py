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
    AWARD = "award", "Contract awards (procurements)"
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


# --- Procurements (issue 14) -------------------------------------------------------------------
class ProcurementRoute(models.TextChoices):
    OPEN = "open", "Open procedure"
    RESTRICTED = "restricted", "Restricted procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    LIGHT_TOUCH = "light_touch", "Light-touch regime"
    FRAMEWORK_CALL_OFF = "framework_call_off", "Framework call-off"
    COLLABORATIVE = "collaborative", "Collaborative, led by another organisation"
    EXEMPTION = "exemption", "Exemption from the tender rules"
    DIRECT_AWARD = "direct_award", "Direct award"


class Stage(models.TextChoices):
    """A procurement's stages in the order they are run (cancelled can follow any of them)."""

    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    SELECTION = "selection", "Expressions of interest / selection"
    SHORTLIST = "shortlist", "Shortlist"
    INVITATION_TO_TENDER = "invitation_to_tender", "Invitation to tender"
    EVALUATION = "evaluation", "Evaluation"
    AWARD_DECISION = "award_decision", "Award decision"
    STANDSTILL = "standstill", "Standstill"
    MOBILISATION = "mobilisation", "Mobilisation"
    LIVE = "live", "Live"
    CANCELLED = "cancelled", "Cancelled"


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}
# Routes that award without a competition: from market engagement straight to the award decision.
UNCOMPETED_ROUTES = (ProcurementRoute.EXEMPTION, ProcurementRoute.DIRECT_AWARD)

# The one table of the stage workflow: (from, to) -> the routes that may take it (None: every
# route). Cancelling is allowed from every stage but live and cancelled (procurement_cancel).
TRANSITIONS: dict[tuple[str, str], tuple[str, ...] | None] = {
    (Stage.MARKET_ENGAGEMENT, Stage.SELECTION): None,
    # An open procedure has no selection stage: the tender is open to every bidder.
    (Stage.MARKET_ENGAGEMENT, Stage.INVITATION_TO_TENDER): None,
    (Stage.MARKET_ENGAGEMENT, Stage.AWARD_DECISION): UNCOMPETED_ROUTES,
    (Stage.SELECTION, Stage.SHORTLIST): None,
    (Stage.SHORTLIST, Stage.INVITATION_TO_TENDER): None,
    (Stage.INVITATION_TO_TENDER, Stage.EVALUATION): None,
    (Stage.EVALUATION, Stage.AWARD_DECISION): None,
    (Stage.AWARD_DECISION, Stage.STANDSTILL): None,
    (Stage.STANDSTILL, Stage.MOBILISATION): None,
    (Stage.MOBILISATION, Stage.LIVE): None,
}
ENDED_STAGES = (Stage.LIVE, Stage.CANCELLED)
# Procurement Act 2023 s.51: a mandatory standstill of eight working days (ten calendar days
# cover it whatever the weekday; the commissioner may enter a later end).
STANDSTILL_DAYS = 10


def allowed_next(stage: str, route: str) -> list[str]:
    """The stages the table allows after `stage` for a procurement of this route, in order."""
    return [to for (start, to), routes in TRANSITIONS.items() if start == stage and (routes is None or route in routes)]


class BidStatus(models.TextChoices):
    EXPRESSED_INTEREST = "expressed_interest", "Expressed interest"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INVITED = "invited", "Invited to tender"
    SUBMITTED = "submitted", "Submitted a tender"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXCLUDED = "excluded", "Excluded"


# A bidder reaching these statuses has been shortlisted (or invited straight to an open tender).
SHORTLISTED_STATUSES = (BidStatus.SHORTLISTED, BidStatus.INVITED, BidStatus.SUBMITTED)


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality (scored by evaluators)"
    PRICE = "price", "Price (scored by formula)"


class PriceFormula(models.TextChoices):
    LOWEST = "lowest", "Lowest price gets full marks, others pro rata (lowest ÷ price)"
    AVERAGE = "average", "Relative to the average price (above it loses marks, below gains)"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# Likelihood × impact (each 1–5) banded: the council risk registers' usual bands (seed 004).
RISK_BANDS = [
    (15, "very_high", "Very high"),
    (10, "high", "High"),
    (5, "medium", "Medium"),
    (1, "low", "Low"),
]


def risk_band(rating: int) -> tuple[str, str]:
    """(key, label) of a likelihood × impact rating's band."""
    for floor, key, label in RISK_BANDS:
        if rating >= floor:
            return key, label
    return "low", "Low"


# --- Procurement plans (issue 14, item 6) ------------------------------------------------------
class DurationUnit(models.TextChoices):
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"


DAYS_IN = {DurationUnit.DAYS: 1, DurationUnit.WEEKS: 7}
# The stages a plan template gives a standard duration: every stage before live (a plan's live
# stage starts on the date the new contract must start, and has no end).
PLANNED_STAGES = [stage for stage in Stage if stage not in ENDED_STAGES]
