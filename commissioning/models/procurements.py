"""The procurement pipeline: a procurement with its route and stages, its lots, the bidders on
each lot, the evaluation criteria, scores and agreed scores, and the risks of a procurement or a
contract. A lot's award creates its contract in the register (Contract.procurement, Lot.contract).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning import terms
from commissioning.choices import (
    BidStatus,
    CriterionKind,
    PriceFormula,
    ProcurementRoute,
    RiskStatus,
    Stage,
    risk_band,
)
from commissioning.models.contracts import MONEY, date_range_errors, validate_options
from commissioning.querysets import (
    BidQuerySet,
    CriterionQuerySet,
    LotQuerySet,
    ProcurementQuerySet,
    RiskQuerySet,
    ScoreQuerySet,
)
from common.fields import SHORT_TEXT, BoundedTextField


class Procurement(models.Model):
    """A procurement run by (and accountable to) one organisation, for itself and any partners it
    is run for; led by another organisation when it is collaborative (South Tees, seed 003)."""

    reference = models.CharField(max_length=40, help_text="For example OCC-PROC-2021-04.")
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="procurements",
        help_text="The organisation whose commissioners keep this record.",
    )
    run_for = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="procurements_run_for",
        help_text="Partners it is run on behalf of (they read it).",
    )
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements_led",
        help_text="Collaborative procurements: the organisation leading it.",
    )
    route = models.CharField(max_length=30, choices=ProcurementRoute.choices)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.MARKET_ENGAGEMENT, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procurements_owned",
        help_text="The commissioner running it.",
    )
    service_lines = models.ManyToManyField("commissioning.ServiceLine", related_name="procurements")
    funding_streams = models.ManyToManyField("budgets.FundingStream", blank=True, related_name="procurements")
    estimated_value = models.DecimalField("estimated value (£)", **MONEY)
    tupe_applies = models.BooleanField("TUPE applies", default=False)
    eia_done = models.BooleanField("equality impact assessment done", default=False)
    exemption_approval = models.CharField(
        "exemption approval",
        max_length=200,
        blank=True,
        help_text="Exemptions from the tender rules: who approved it and the record's reference.",
    )
    exemption_approved_on = models.DateField("exemption approved on", null=True, blank=True)
    standstill_ends_on = models.DateField(null=True, blank=True, editable=False)
    cancellation_reason = BoundedTextField(max_length=SHORT_TEXT, blank=True, editable=False)
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    # Set by "Plan the re-procurement" on a contract with no extension option left.
    replaces = models.ForeignKey(
        "commissioning.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reprocurements",
        help_text="The contract this procurement re-procures.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])
    objects = ProcurementQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The pipeline board: an organisation's procurements by stage, newest first.
            models.Index(fields=["organisation", "stage", "id"], name="procurement_org_stage_idx"),
            # The board filtered by owner.
            models.Index(fields=["owner", "stage"], name="procurement_owner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="procurement_reference_unique_per_org",
                violation_error_message="This organisation already has a procurement with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0),
                name="procurement_value_not_negative",
                violation_error_message="The estimated value cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:procurement_detail", args=[self.pk])

    def clean(self) -> None:
        errors = date_range_errors(exemption_approved_on=self.exemption_approved_on)
        if self.route == ProcurementRoute.EXEMPTION and not self.exemption_approval.strip():
            errors["exemption_approval"] = "An exemption from the tender rules needs its approval record."
        if self.route == ProcurementRoute.COLLABORATIVE and not self.lead_organisation_id:
            errors["lead_organisation"] = "Name the organisation leading the collaborative procurement."
        if errors:
            raise ValidationError(errors)


class StageTransition(models.Model):
    """One move of a procurement from a stage to the next (or to cancelled), dated and attributed."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=30, choices=Stage.choices)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    on = models.DateField("date")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procurement", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()} on {self.on:%d/%m/%Y}"


class Lot(models.Model):
    """A lot of a procurement with its own value, term and extension options; awarded to one bidder,
    whose contract in the register it links to."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(max_length=200)
    value = models.DecimalField("value (£)", **MONEY)
    term_months = models.PositiveSmallIntegerField(
        "initial term (months)", validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    extension_options = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_options],
        help_text="Each option's length in months: 24 for 3 + 2 years, 12 12 for 2 + 1 + 1. Empty for none.",
    )
    description = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    awarded_bid = models.OneToOneField(
        "commissioning.Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    awarded_on = models.DateField(null=True, blank=True, editable=False)
    # The award's decision under the scheme of delegation (commissioning.DecisionThreshold).
    award_decision_body = models.CharField(max_length=120, blank=True, editable=False)
    award_decided_on = models.DateField(null=True, blank=True, editable=False)
    award_decision_reference = models.CharField(max_length=120, blank=True, editable=False)
    contract = models.OneToOneField(
        "commissioning.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurement_lot",
        editable=False,
    )

    history = HistoricalRecords()
    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["procurement", "number"]
        permissions = [("award_lot", "Can award a lot of a procurement")]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "number"],
                name="lot_number_unique",
                violation_error_message="This procurement already has a lot with this number.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="lot_value_not_negative",
                violation_error_message="A lot's value cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:lot_detail", args=[self.pk])

    @property
    def options_label(self) -> str:
        return terms.options_label(terms.parse_options(self.extension_options))

    @property
    def term_label(self) -> str:
        return terms.months_label(self.term_months)


class Bid(models.Model):
    """A bidder on a lot, from expression of interest to submitted tender (or withdrawn/excluded)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="procurement_bids")
    status = models.CharField(max_length=30, choices=BidStatus.choices, default=BidStatus.EXPRESSED_INTEREST)
    exclusion_reason = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    shortlisted_on = models.DateField(null=True, blank=True, editable=False)
    price = models.DecimalField(
        "tendered price (£)", null=True, blank=True, help_text="The total price of the tender.", **MONEY
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = BidQuerySet.as_manager()

    class Meta:
        ordering = ["lot", "bidder__name", "id"]
        indexes = [
            # A lot's bidders by status (shortlist counts, the evaluation page).
            models.Index(fields=["lot", "status"], name="tender_bid_lot_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "bidder"],
                name="tender_bid_unique_per_lot",
                violation_error_message="This organisation is already a bidder on this lot.",
            ),
            models.CheckConstraint(
                condition=~Q(status=BidStatus.EXCLUDED) | ~Q(exclusion_reason=""),
                name="tender_bid_excluded_with_reason",
                violation_error_message="Give the reason for the exclusion.",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0),
                name="tender_bid_price_positive",
                violation_error_message="A tendered price is more than £0.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bidder} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return f"{self.lot.get_absolute_url()}#bid-{self.pk}"

    def clean(self) -> None:
        if self.status == BidStatus.EXCLUDED and not self.exclusion_reason.strip():
            raise ValidationError({"exclusion_reason": "Give the reason for the exclusion."})


class Criterion(models.Model):
    """An award criterion of a lot with its weight (top-level weights sum to 100; a criterion's
    sub-criteria share its weight) and its scale. Price is scored by a formula, not evaluators."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="part of"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CriterionKind.choices, default=CriterionKind.QUALITY)
    weight = models.DecimalField(
        "weight (%)", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        "top of the scale",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Scores go from 0 to this (for example 0–5).",
    )
    price_formula = models.CharField(max_length=10, choices=PriceFormula.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["lot", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="criterion_weight_0_100",
                violation_error_message="A weight is between 0 and 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight:g}%)"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:lot_evaluation", args=[self.lot_id])

    def clean(self) -> None:
        if self.kind == CriterionKind.PRICE and not self.price_formula:
            raise ValidationError({"price_formula": "Choose how price is scored."})
        if self.kind == CriterionKind.QUALITY and self.price_formula:
            raise ValidationError({"price_formula": "Only a price criterion has a formula."})


class Score(models.Model):
    """One evaluator's score of one bid against one quality criterion."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    comment = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["bid", "criterion", "evaluator"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion", "evaluator"],
                name="score_once_per_evaluator",
                violation_error_message="This evaluator has already scored this bid on this criterion.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score:g}"


class AgreedScore(models.Model):
    """The moderated score of one bid against one quality criterion: what the weighted total uses."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="agreed_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="agreed_scores")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion"],
                name="agreed_score_unique",
                violation_error_message="This bid already has an agreed score on this criterion.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score:g}"


class Risk(models.Model):
    """A risk with its likelihood × impact rating (1–5 each), owner, mitigation and review date,
    on an organisation's register and linked to a procurement or a contract (or neither: strategic)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="risks")
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, null=True, blank=True, related_name="risks")
    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, null=True, blank=True, related_name="risks"
    )
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=SHORT_TEXT)
    impact = BoundedTextField("impact if it happens", max_length=SHORT_TEXT, blank=True)
    mitigation = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    severity = models.PositiveSmallIntegerField(
        "impact rating", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks_owned"
    )
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    history = HistoricalRecords()
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The risk review reminder source.
            models.Index(fields=["review_date"], name="risk_review_idx"),
            # The matrix: an organisation's open risks by rating.
            models.Index(fields=["organisation", "status"], name="risk_org_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5) & Q(severity__gte=1, severity__lte=5),
                name="risk_ratings_1_to_5",
                violation_error_message="Likelihood and impact are rated 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(procurement__isnull=True) | Q(contract__isnull=True),
                name="risk_one_link",
                violation_error_message="Link a risk to a procurement or a contract, not both.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:risk_detail", args=[self.pk])

    @property
    def rating(self) -> int:
        return (self.likelihood or 0) * (self.severity or 0)

    @property
    def band(self) -> str:
        return risk_band(self.rating)[1]

    @property
    def band_key(self) -> str:
        return risk_band(self.rating)[0]

    def clean(self) -> None:
        errors = date_range_errors(review_date=self.review_date)
        if self.procurement_id and self.contract_id:
            errors["contract"] = "Link a risk to a procurement or a contract, not both."
        if errors:
            raise ValidationError(errors)
