"""Personal budgets, open frameworks, provider applications, call-offs, bids, care packages and reviews."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from brokerage import choices as b
from brokerage.querysets import ChildQuerySet, CouncilQuerySet
from common.fields import NOTES, SHORT_TEXT, BoundedTextField
from common.reference import ReferenceList

POSITIVE_MONEY = [MinValueValidator(Decimal("0.01"), "Enter an amount greater than zero.")]
POSITIVE_HOURS = [MinValueValidator(Decimal("0.25"), "Enter at least a quarter of an hour a week.")]


class RasBand(ReferenceList):
    """A Resource Allocation System band and the indicative weekly amount it gives (administrators
    keep the list; a budget copies the amount when it is set, so a later change leaves it alone)."""

    indicative_weekly_amount = models.DecimalField(max_digits=10, decimal_places=2, validators=POSITIVE_MONEY)
    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        verbose_name = "RAS band"
        ordering = ["indicative_weekly_amount", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="rasband_name_unique_ci",
                violation_error_message="A RAS band with this name exists.",
            ),
            models.CheckConstraint(
                condition=Q(indicative_weekly_amount__gt=0),
                name="rasband_amount_positive",
                violation_error_message="Enter an amount greater than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (£{self.indicative_weekly_amount}/week)"


class PersonalBudget(models.Model):
    """A person's personal budget: the RAS band's indicative amount, the amount agreed, how it is
    taken, start and review dates. It sits on a carer's record: the carer's own budget, or (with
    `cared_for`) the budget of a person they care for."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    carer = models.ForeignKey("carers.Carer", on_delete=models.PROTECT, related_name="personal_budgets")
    cared_for = models.ForeignKey(
        "carers.CaredForPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personal_budgets",
        help_text="Leave empty when the budget is the carer's own.",
    )
    ras_band = models.ForeignKey(RasBand, on_delete=models.PROTECT, verbose_name="RAS band")
    indicative_weekly = models.DecimalField(
        "indicative amount a week", max_digits=10, decimal_places=2, validators=POSITIVE_MONEY
    )
    agreed_weekly = models.DecimalField(
        "agreed amount a week", max_digits=10, decimal_places=2, validators=POSITIVE_MONEY
    )
    method = models.CharField("how it is taken", max_length=20, choices=b.BudgetMethod.choices)
    start_on = models.DateField("starts on")
    review_on = models.DateField("review date")
    notes = BoundedTextField(max_length=NOTES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_weekly__gt=0),
                name="personalbudget_agreed_positive",
                violation_error_message="Enter an amount greater than zero.",
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=F("start_on")),
                name="personalbudget_review_after_start",
                violation_error_message="The review date cannot be before the budget starts.",
            ),
        ]
        indexes = [
            # A council's budgets, newest first (the budgets list).
            models.Index(fields=["organisation", "-start_on"], name="personalbudget_org_start_idx"),
        ]

    def __str__(self) -> str:
        return f"Personal budget {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:personalbudget_detail", args=[self.pk])

    @property
    def person(self):
        return self.cared_for or self.carer

    def clean(self) -> None:
        errors = {}
        if self.review_on and self.start_on and self.review_on < self.start_on:
            errors["review_on"] = "The review date cannot be before the budget starts."
        if errors:
            raise ValidationError(errors)


class Framework(models.Model):
    """An open framework: its service categories (commissioning's service lines), terms, and the
    evaluation windows in which providers apply."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    categories = models.ManyToManyField(
        "commissioning.ServiceLine", related_name="frameworks", verbose_name="service categories"
    )
    terms = BoundedTextField(
        max_length=NOTES, blank=True, help_text="The standard terms and conditions providers sign."
    )
    is_active = models.BooleanField("in use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[categories])
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="framework_org_name_unique_ci",
                violation_error_message="Your council already has a framework with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("brokerage:framework_detail", args=[self.pk])


class EvaluationWindow(models.Model):
    """A period in which providers may apply to join a framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="windows")
    opens_on = models.DateField()
    closes_on = models.DateField()

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="framework__organisation")

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="evaluationwindow_closes_after_opens",
                violation_error_message="The window cannot close before it opens.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.opens_on:%d %b %Y} to {self.closes_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return self.framework.get_absolute_url()

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The window cannot close before it opens."})


class ProviderApplication(models.Model):
    """A provider's application to join a framework's categories, made in an evaluation window;
    admitted or refused by a brokerage officer after its due diligence and quality checks."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="applications")
    window = models.ForeignKey(EvaluationWindow, on_delete=models.PROTECT, related_name="applications")
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="framework_applications"
    )
    categories = models.ManyToManyField(
        "commissioning.ServiceLine", related_name="+", verbose_name="service categories"
    )
    applied_on = models.DateField()
    status = models.CharField(max_length=20, choices=b.ApplicationStatus.choices, default=b.ApplicationStatus.SUBMITTED)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_reason = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords(m2m_fields=[categories])
    objects = ChildQuerySet.as_manager(path="framework__organisation")

    class Meta:
        ordering = ["-applied_on", "-id"]
        permissions = [("decide_providerapplication", "Can admit or refuse a provider's framework application")]
        indexes = [
            # Admitted providers of a framework (who may bid for its call-offs).
            models.Index(fields=["framework", "status", "provider"], name="application_fw_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.framework}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:providerapplication_detail", args=[self.pk])


class ApplicationCheck(models.Model):
    """One due-diligence item (passed or failed, with its evidence) or quality question (scored 0–5)
    of an application."""

    application = models.ForeignKey(ProviderApplication, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=b.CheckKind.choices)
    item = models.CharField("item or question", max_length=300)
    passed = models.BooleanField(null=True, blank=True, help_text="Due diligence items: passed or failed.")
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(b.QUALITY_SCORE_MAX)],
        help_text="Quality questions: 0 to 5.",
    )
    evidence = BoundedTextField("evidence or comment", max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="application__framework__organisation")

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="due_diligence", passed__isnull=False, score__isnull=True))
                | (Q(kind="quality", score__isnull=False, passed__isnull=True)),
                name="applicationcheck_result_matches_kind",
                violation_error_message="A due diligence item is passed or failed; a quality question is scored.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=b.QUALITY_SCORE_MAX),
                name="applicationcheck_score_range",
                violation_error_message="Score a quality question from 0 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return self.item

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url()


class CallOff(models.Model):
    """A package advertised to a framework's admitted providers of one category: the anonymised
    needs summary, area, hours sought, starter budget, this package's cost/quality split, deadline."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="calloffs")
    category = models.ForeignKey("commissioning.ServiceLine", on_delete=models.PROTECT, related_name="+")
    personal_budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="calloffs")
    title = models.CharField(max_length=200, help_text="A short title providers see; no names.")
    needs_summary = BoundedTextField(
        max_length=NOTES, help_text="What the person needs, without their name, address, postcode or date of birth."
    )
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    hours_per_week = models.DecimalField(
        "hours a week sought", max_digits=6, decimal_places=2, validators=POSITIVE_HOURS
    )
    indicative_weekly_budget = models.DecimalField(
        "indicative (starter) budget a week", max_digits=10, decimal_places=2, validators=POSITIVE_MONEY
    )
    cost_weight = models.PositiveSmallIntegerField("cost weighting (%)", validators=[MaxValueValidator(100)])
    quality_weight = models.PositiveSmallIntegerField("quality weighting (%)", validators=[MaxValueValidator(100)])
    cost_formula = models.CharField(max_length=30, choices=b.CostFormula.choices, default=b.CostFormula.LOWEST_PRO_RATA)
    quality_questions = BoundedTextField(
        max_length=SHORT_TEXT, blank=True, help_text="The questions set with the person, one a line."
    )
    closes_at = models.DateTimeField("deadline for bids")
    status = models.CharField(max_length=20, choices=b.CallOffStatus.choices, default=b.CallOffStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["closes_at", "id"]
        permissions = [("award_calloff", "Can record the person's choice and award a care package")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_weight__lte=100) & Q(quality_weight__lte=100) & Q(cost_weight__gte=0),
                name="calloff_weights_in_range",
                violation_error_message="Each weighting is between 0% and 100%.",
            ),
            models.CheckConstraint(
                condition=Q(cost_weight=100 - F("quality_weight")),
                name="calloff_weights_sum_100",
                violation_error_message="The cost and quality weightings must add up to 100%.",
            ),
            models.CheckConstraint(
                condition=Q(indicative_weekly_budget__gt=0) & Q(hours_per_week__gt=0),
                name="calloff_budget_hours_positive",
                violation_error_message="Hours and budget must be greater than zero.",
            ),
        ]
        indexes = [
            # A council's call-offs by status and deadline (the list and the "closing soon" panel).
            models.Index(fields=["organisation", "status", "closes_at"], name="calloff_org_status_close_idx"),
        ]

    def __str__(self) -> str:
        return f"Call-off {self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:calloff_detail", args=[self.pk])

    @property
    def question_list(self) -> list[str]:
        """The quality questions set with the person, one a line (blank lines left out)."""
        return [line.strip() for line in (self.quality_questions or "").splitlines() if line.strip()]

    def clean(self) -> None:
        weights = (self.cost_weight, self.quality_weight)
        if None not in weights and sum(weights) != 100:
            raise ValidationError({"quality_weight": "The cost and quality weightings must add up to 100%."})


class Bid(models.Model):
    """A provider's bid for a call-off: price a week, hours, proposal and answers; the evaluator's
    quality score; the social worker's check (suitable or not, with the reason)."""

    calloff = models.ForeignKey(CallOff, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="brokerage_bids")
    weekly_price = models.DecimalField("price a week", max_digits=10, decimal_places=2, validators=POSITIVE_MONEY)
    hours_per_week = models.DecimalField("hours a week", max_digits=6, decimal_places=2, validators=POSITIVE_HOURS)
    proposal = BoundedTextField(max_length=NOTES)
    answers = BoundedTextField("answers to the quality questions", max_length=NOTES, blank=True)
    received_at = models.DateTimeField()
    quality_score = models.DecimalField(
        "quality score (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The evaluator's mark for the answers, 0 to 100.",
    )
    suitable = models.BooleanField("meets the person's needs", null=True, blank=True)
    suitability_reason = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    checked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="calloff__organisation")

    class Meta:
        ordering = ["calloff", "weekly_price", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_price__gt=0),
                name="bid_price_positive",
                violation_error_message="Enter a price greater than zero.",
            ),
            models.CheckConstraint(
                condition=Q(quality_score__isnull=True) | (Q(quality_score__gte=0) & Q(quality_score__lte=100)),
                name="bid_quality_score_range",
                violation_error_message="Score quality from 0 to 100.",
            ),
            models.UniqueConstraint(
                fields=["calloff", "provider"],
                name="bid_one_per_provider",
                violation_error_message="This provider has already bid for this call-off.",
            ),
        ]
        # bid_one_per_provider's index (calloff, provider) serves the comparison page's bids.

    def __str__(self) -> str:
        return f"Bid {self.pk} by {self.provider}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:calloff_detail", args=[self.calloff_id])


class CarePackage(models.Model):
    """The support a person chose: provider, hours a week, weekly cost, start and review dates, and
    the personal budget it draws on. Made by the choice of a bid, or moved over from an old framework."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    personal_budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="packages")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, null=True, blank=True, related_name="packages")
    category = models.ForeignKey("commissioning.ServiceLine", on_delete=models.PROTECT, related_name="+")
    calloff = models.OneToOneField(CallOff, on_delete=models.PROTECT, null=True, blank=True, related_name="package")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, null=True, blank=True, related_name="package")
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="care_packages")
    hours_per_week = models.DecimalField("hours a week", max_digits=6, decimal_places=2, validators=POSITIVE_HOURS)
    weekly_cost = models.DecimalField(max_digits=10, decimal_places=2, validators=POSITIVE_MONEY)
    start_on = models.DateField("starts on")
    review_on = models.DateField("review date")
    status = models.CharField(max_length=20, choices=b.PackageStatus.choices, default=b.PackageStatus.ACTIVE)
    choice_reason = BoundedTextField(
        "why this bid was chosen",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Needed when it is not the top-ranked bid.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-id"]
        permissions = [("view_package_totals", "Can see package costs and totals (no person named)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=F("start_on")),
                name="carepackage_review_after_start",
                violation_error_message="The review date cannot be before the package starts.",
            ),
            models.CheckConstraint(
                condition=Q(weekly_cost__gt=0) & Q(hours_per_week__gt=0),
                name="carepackage_cost_hours_positive",
                violation_error_message="Hours and weekly cost must be greater than zero.",
            ),
        ]
        indexes = [
            # A council's active packages by review date (reviews due, the reminder scan).
            models.Index(fields=["organisation", "status", "review_on"], name="carepackage_org_review_idx"),
            # Totals per provider (the monitoring summary).
            models.Index(fields=["organisation", "provider"], name="carepackage_org_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"Care package {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:carepackage_detail", args=[self.pk])

    def clean(self) -> None:
        if self.review_on and self.start_on and self.review_on < self.start_on:
            raise ValidationError({"review_on": "The review date cannot be before the package starts."})


class PackageReview(models.Model):
    """A package's review: the outcome, the weekly cost before and after (the saving), whether the
    person chose brokerage, and the reason when the review is on hold."""

    package = models.ForeignKey(CarePackage, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=b.ReviewOutcome.choices)
    on_hold_reason = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    chose_brokerage = models.BooleanField("the person chose the brokerage service", default=False)
    weekly_cost_before = models.DecimalField(max_digits=10, decimal_places=2)
    weekly_cost_after = models.DecimalField(max_digits=10, decimal_places=2)
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="package__organisation")

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="on_hold") | ~Q(on_hold_reason=""),
                name="packagereview_on_hold_has_reason",
                violation_error_message="Say why the review is on hold.",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.package} on {self.reviewed_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return self.package.get_absolute_url()

    @property
    def annual_saving(self) -> Decimal:
        return (self.weekly_cost_before - self.weekly_cost_after) * b.WEEKS_A_YEAR

    def clean(self) -> None:
        if self.outcome == b.ReviewOutcome.ON_HOLD and not self.on_hold_reason:
            raise ValidationError({"on_hold_reason": "Say why the review is on hold."})


class TransferPlan(models.Model):
    """A planned move of existing packages from an old framework (or older arrangements) to a new
    framework: its rows are the packages, each with its transfer date and status."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="transfer_plans", verbose_name="new framework"
    )
    from_framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_plans_out",
        verbose_name="old framework",
        help_text="Leave empty for packages arranged outside any framework.",
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="transferplan_org_name_unique_ci",
                violation_error_message="Your council already has a transfer plan with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('brokerage:packagetransfer_list')}?plan={self.pk}"


class PackageTransfer(models.Model):
    """One package of a transfer plan: when it moves, and whether it moved with the person's
    provider, the person chose another (with the reason), or the move was cancelled (with the
    reason). A planned transfer may be rescheduled; the history keeps every date and its reason."""

    plan = models.ForeignKey(TransferPlan, on_delete=models.PROTECT, related_name="transfers")
    package = models.ForeignKey(CarePackage, on_delete=models.PROTECT, related_name="transfers")
    transfer_on = models.DateField("transfer date")
    status = models.CharField(max_length=20, choices=b.TransferStatus.choices, default=b.TransferStatus.PLANNED)
    from_provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="provider before"
    )
    to_provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="provider after",
    )
    choice_reason = BoundedTextField("why the person chose another provider", max_length=SHORT_TEXT, blank=True)
    reschedule_reason = BoundedTextField(
        "why the date changed",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="The latest reschedule's reason; the history keeps the earlier ones.",
    )
    cancel_reason = BoundedTextField("why the transfer was cancelled", max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="plan__organisation")

    class Meta:
        ordering = ["transfer_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["package"],
                condition=Q(status="planned"),
                name="packagetransfer_one_planned",
                violation_error_message="This package is already planned to transfer.",
            ),
            models.CheckConstraint(
                condition=~Q(status="chose_other") | ~Q(choice_reason=""),
                name="packagetransfer_other_has_reason",
                violation_error_message="Say why the person chose another provider.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="packagetransfer_cancel_has_reason",
                violation_error_message="Say why the transfer is cancelled.",
            ),
        ]
        indexes = [
            # The transfers list: a plan's rows by status and date.
            models.Index(fields=["plan", "status", "transfer_on"], name="packagetransfer_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"Transfer of package {self.package_id}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:packagetransfer_detail", args=[self.pk])


class ProviderReturn(models.Model):
    """A provider's return for one package and period: the hours delivered and the actual cost,
    beside the hours and cost planned for the period (copied from the package when the return is
    entered, so that a later change to the package leaves past periods alone)."""

    package = models.ForeignKey(CarePackage, on_delete=models.PROTECT, related_name="returns")
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    planned_hours = models.DecimalField(max_digits=8, decimal_places=2)
    planned_cost = models.DecimalField(max_digits=12, decimal_places=2)
    delivered_hours = models.DecimalField(
        "hours delivered", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    actual_cost = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="package__organisation")

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "period_start"],
                name="providerreturn_one_per_period",
                violation_error_message="This package already has a return for this period.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="providerreturn_period_order",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(delivered_hours__gte=0) & Q(actual_cost__gte=0),
                name="providerreturn_not_negative",
                violation_error_message="Hours and cost cannot be negative.",
            ),
        ]
        # providerreturn_one_per_period's index (package, period_start) serves a package's returns
        # and the per-package sums of the monitoring pages.

    def __str__(self) -> str:
        return f"Return for package {self.package_id}, {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return self.package.get_absolute_url()

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period cannot end before it starts."})


class BidQuestionScore(models.Model):
    """The evaluator's score (0–5) of a bid's answer to one of the call-off's quality questions; the
    bid's quality score is computed from them (brokerage.services.bid_assess)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="question_scores")
    number = models.PositiveSmallIntegerField("question number", validators=[MinValueValidator(1)])
    question = models.CharField(max_length=300)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(b.QUALITY_SCORE_MAX)])
    comment = BoundedTextField("evaluator's comment", max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager(path="bid__calloff__organisation")

    class Meta:
        ordering = ["bid", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "number"],
                name="bidquestionscore_one_per_question",
                violation_error_message="This question of the bid is already scored.",
            ),
            models.CheckConstraint(
                condition=Q(score__lte=b.QUALITY_SCORE_MAX) & Q(number__gte=1),
                name="bidquestionscore_score_range",
                violation_error_message="Score each question from 0 to 5.",
            ),
        ]
        # bidquestionscore_one_per_question's index (bid, number) serves the prefetch of a call-off's
        # bids' scores on the comparison page.

    def __str__(self) -> str:
        return f"Question {self.number} of bid {self.bid_id}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.bid.get_absolute_url()
