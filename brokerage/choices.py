"""Choices and constants of brokerage: how budgets are taken, workflow states, review outcomes."""

from django.db import models

WEEKS_A_YEAR = 52


class BudgetMethod(models.TextChoices):
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    MANAGED_ACCOUNT = "managed_account", "Managed account"
    INDIVIDUAL_SERVICE_FUND = "isf", "Individual service fund"
    COUNCIL_ARRANGED = "council_arranged", "Council-arranged services"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, awaiting decision"
    ADMITTED = "admitted", "Admitted"
    REFUSED = "refused", "Refused"


class CheckKind(models.TextChoices):
    DUE_DILIGENCE = "due_diligence", "Due diligence item"
    QUALITY = "quality", "Quality question"


# A quality question is scored 0–5 (the usual tender scale: 0 no answer … 5 excellent).
QUALITY_SCORE_MAX = 5


class CallOffStatus(models.TextChoices):
    OPEN = "open", "Open for bids"
    CLOSED = "closed", "Closed, bids being checked"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class CostFormula(models.TextChoices):
    LOWEST_PRO_RATA = "lowest_pro_rata", "Lowest price scores full marks, others pro rata (lowest ÷ price)"
    RELATIVE_TO_BUDGET = "relative_to_budget", "Full marks at or under the indicative budget, pro rata above"


class PackageStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class ReviewOutcome(models.TextChoices):
    SIZE_AND_METHOD = "size_and_method", "Change to size and method of delivery"
    METHOD_ONLY = "method_only", "Change to method of delivery only"
    SIZE_ONLY = "size_only", "Change to size of package only"
    NO_CHANGE = "no_change", "No change to either size or delivery"
    ON_HOLD = "on_hold", "Review on hold"


class SpendFlag(models.TextChoices):
    OVER = "over", "Over budget"
    UNDER = "under", "Under budget"
    WITHIN = "within", "Within budget"


# A package costing less than this share of its budget is flagged under-spent (money not used
# on the person's needs is the review trigger seed 004 asks contract management to catch).
UNDER_SPEND_BELOW = 90  # per cent


class TransferStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    TRANSFERRED = "transferred", "Transferred"
    CHOSE_OTHER = "chose_other", "The person chose another provider"
    CANCELLED = "cancelled", "Cancelled"


# A transfer's allowed transitions, the one table every transfer service checks: a planned row may be
# rescheduled (planned → planned, with a new date and a reason) as often as needed, and is closed once —
# transferred with the person's provider, moved to the provider the person chose, or cancelled with
# a reason (the package then stays where it is and may be planned again). A closed row never changes.
TRANSFER_TRANSITIONS = {
    TransferStatus.PLANNED: {
        TransferStatus.PLANNED,
        TransferStatus.TRANSFERRED,
        TransferStatus.CHOSE_OTHER,
        TransferStatus.CANCELLED,
    },
    TransferStatus.TRANSFERRED: set(),
    TransferStatus.CHOSE_OTHER: set(),
    TransferStatus.CANCELLED: set(),
}


class DeliveryFlag(models.TextChoices):
    OVER = "over", "Over-delivered"
    UNDER = "under", "Under-delivered"
    AS_PLANNED = "as_planned", "As planned"
    NO_RETURNS = "no_returns", "No returns yet"


# Returns: delivered hours more than this share away from the planned hours flag under- or
# over-delivery; an actual cost above the planned cost is over-spent, below UNDER_SPEND_BELOW %
# of it under-spent (the same threshold as a package's cost against its budget).
DELIVERY_TOLERANCE = 10  # per cent
