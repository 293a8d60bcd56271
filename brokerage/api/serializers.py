"""Serializers of the brokerage API. Input serializers carry what a service takes; output ones
what a page shows. The advert serializer is what providers see: no person, no budget reference."""

from rest_framework import serializers

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from brokerage import choices as b
from brokerage.models import (
    ApplicationCheck,
    Bid,
    BidQuestionScore,
    CallOff,
    CarePackage,
    EvaluationWindow,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderApplication,
    ProviderReturn,
    RasBand,
    TransferPlan,
)
from carers.models import CaredForPerson, Carer
from commissioning.models import ServiceLine
from common.api.serializers import ModelSerializer, Serializer


def _scoped(serializer, name: str, queryset):
    request = serializer.context.get("request")
    if request is not None and name in serializer.fields:
        serializer.fields[name].queryset = queryset(request.user)


class RasBandSerializer(ModelSerializer):
    class Meta:
        model = RasBand
        fields = ["id", "name", "indicative_weekly_amount", "is_active"]


class PersonalBudgetSerializer(ModelSerializer):
    class Meta:
        model = PersonalBudget
        fields = [
            "id",
            "organisation",
            "carer",
            "cared_for",
            "ras_band",
            "indicative_weekly",
            "agreed_weekly",
            "method",
            "start_on",
            "review_on",
            "notes",
            "created_at",
        ]
        read_only_fields = ["organisation", "indicative_weekly", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "carer", lambda user: Carer.objects.visible_to(user))
        _scoped(self, "cared_for", lambda user: CaredForPerson.objects.all())
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("carer", "cared_for"):
                self.fields[name].read_only = True


class WindowSerializer(ModelSerializer):
    class Meta:
        model = EvaluationWindow
        fields = ["id", "opens_on", "closes_on"]


class FrameworkSerializer(ModelSerializer):
    windows = WindowSerializer(many=True, read_only=True)
    categories = serializers.PrimaryKeyRelatedField(many=True, queryset=ServiceLine.objects.filter(is_active=True))

    class Meta:
        model = Framework
        fields = ["id", "organisation", "name", "categories", "terms", "is_active", "windows", "created_at"]
        read_only_fields = ["organisation", "created_at"]


class CheckSerializer(ModelSerializer):
    class Meta:
        model = ApplicationCheck
        fields = ["id", "kind", "item", "passed", "score", "evidence"]


class ApplicationSerializer(ModelSerializer):
    checks = CheckSerializer(many=True, read_only=True)
    categories = serializers.PrimaryKeyRelatedField(many=True, queryset=ServiceLine.objects.all())
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind=OrganisationKind.PROVIDER))

    class Meta:
        model = ProviderApplication
        fields = [
            "id",
            "framework",
            "window",
            "provider",
            "categories",
            "applied_on",
            "status",
            "decided_on",
            "decided_by",
            "decision_reason",
            "checks",
        ]
        read_only_fields = ["window", "status", "decided_on", "decided_by", "decision_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "framework", lambda user: Framework.objects.visible_to(user))


class DecisionSerializer(Serializer):
    status = serializers.ChoiceField(choices=[b.ApplicationStatus.ADMITTED, b.ApplicationStatus.REFUSED])
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CallOffSerializer(ModelSerializer):
    """A call-off as the council's brokerage officers see it (with the budget it draws on)."""

    bid_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CallOff
        fields = [
            "id",
            "framework",
            "category",
            "personal_budget",
            "title",
            "needs_summary",
            "area",
            "hours_per_week",
            "indicative_weekly_budget",
            "cost_weight",
            "quality_weight",
            "cost_formula",
            "quality_questions",
            "closes_at",
            "status",
            "bid_count",
            "created_at",
        ]
        read_only_fields = ["status", "created_at"]
        extra_kwargs = {"indicative_weekly_budget": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "framework", lambda user: Framework.objects.visible_to(user))
        _scoped(self, "personal_budget", lambda user: PersonalBudget.objects.visible_to(user))


class CallOffAdvertSerializer(ModelSerializer):
    """What admitted providers see of a call-off: the needs, never who the person is."""

    framework = serializers.CharField(source="framework.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    area = serializers.CharField(source="area.name", read_only=True, default="")

    class Meta:
        model = CallOff
        fields = [
            "id",
            "framework",
            "category",
            "title",
            "needs_summary",
            "area",
            "hours_per_week",
            "indicative_weekly_budget",
            "cost_weight",
            "quality_weight",
            "quality_questions",
            "closes_at",
            "status",
        ]
        read_only_fields = fields


class QuestionScoreSerializer(ModelSerializer):
    class Meta:
        model = BidQuestionScore
        fields = ["number", "question", "score"]
        read_only_fields = fields


class BidSerializer(ModelSerializer):
    """A bid with its cost points, quality points, weighted total and rank (from the database), and
    the evaluator's score of each quality question (the quality score is computed from them)."""

    question_scores = QuestionScoreSerializer(many=True, read_only=True)

    cost_points = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    quality_points = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    total_score = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    rank = serializers.IntegerField(read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "calloff",
            "provider",
            "weekly_price",
            "hours_per_week",
            "proposal",
            "answers",
            "received_at",
            "quality_score",
            "question_scores",
            "suitable",
            "suitability_reason",
            "cost_points",
            "quality_points",
            "total_score",
            "rank",
        ]
        read_only_fields = ["quality_score", "suitable", "suitability_reason"]
        extra_kwargs = {"received_at": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "calloff", lambda user: CallOff.objects.visible_to(user))
        _scoped(self, "provider", lambda user: Organisation.objects.filter(kind=OrganisationKind.PROVIDER))


class QuestionScoreInputSerializer(Serializer):
    number = serializers.IntegerField(min_value=1, max_value=100, help_text="The question's line on the call-off.")
    score = serializers.IntegerField(min_value=0, max_value=b.QUALITY_SCORE_MAX, allow_null=True)


class AssessSerializer(Serializer):
    """The evaluator's scores (one a question where the call-off sets questions, otherwise one
    quality score 0–100) and the social worker's check."""

    quality_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Only for a call-off without quality questions.",
    )
    question_scores = QuestionScoreInputSerializer(many=True, required=False, max_length=100)

    def validate_question_scores(self, value):
        numbers = [row["number"] for row in value]
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError("Score each question once.")
        return {row["number"]: row["score"] for row in value}

    suitable = serializers.BooleanField(required=False, allow_null=True, default=None)
    suitability_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ChoiceSerializer(Serializer):
    bid = serializers.IntegerField(min_value=1)
    start_on = serializers.DateField()
    review_on = serializers.DateField()
    choice_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CarePackageSerializer(ModelSerializer):
    class Meta:
        model = CarePackage
        fields = [
            "id",
            "personal_budget",
            "framework",
            "category",
            "calloff",
            "bid",
            "provider",
            "hours_per_week",
            "weekly_cost",
            "start_on",
            "review_on",
            "status",
            "choice_reason",
            "created_at",
        ]
        read_only_fields = [
            "personal_budget",
            "framework",
            "category",
            "calloff",
            "bid",
            "provider",
            "choice_reason",
            "created_at",
        ]


class PackageCostSerializer(ModelSerializer):
    """A package's costs without the person: what finance officers and commissioners read."""

    budget_weekly = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    weekly_variance = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    spend_flag = serializers.CharField(read_only=True)

    class Meta:
        model = CarePackage
        fields = [
            "id",
            "provider",
            "category",
            "hours_per_week",
            "weekly_cost",
            "budget_weekly",
            "weekly_variance",
            "spend_flag",
            "start_on",
            "review_on",
            "status",
        ]
        read_only_fields = fields


class PackageReviewSerializer(ModelSerializer):
    annual_saving = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, source="yearly_saving")

    class Meta:
        model = PackageReview
        fields = [
            "id",
            "package",
            "reviewed_on",
            "outcome",
            "on_hold_reason",
            "chose_brokerage",
            "weekly_cost_before",
            "weekly_cost_after",
            "annual_saving",
        ]
        read_only_fields = ["weekly_cost_before"]
        extra_kwargs = {"weekly_cost_after": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "package", lambda user: CarePackage.objects.visible_to(user))


class MonitoringTotalsSerializer(Serializer):
    packages = serializers.IntegerField()
    providers = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    weekly = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Weekly cost.")
    weekly_budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    annual_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    over = serializers.IntegerField()
    under = serializers.IntegerField()


class ReturnsTotalsSerializer(Serializer):
    """Provider returns summed: planned and delivered hours, planned and actual cost, the flags."""

    returns = serializers.IntegerField()
    planned_hours = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    delivered_hours = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    planned_cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    actual_cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    delivery_flag = serializers.ChoiceField(choices=b.DeliveryFlag.choices)
    return_spend_flag = serializers.ChoiceField(
        choices=[*b.SpendFlag.choices, (b.DeliveryFlag.NO_RETURNS, b.DeliveryFlag.NO_RETURNS.label)]
    )


class MonitoringProviderSerializer(Serializer):
    provider_id = serializers.IntegerField()
    provider__name = serializers.CharField()
    packages = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    weekly = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Weekly cost.")
    weekly_budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    annual_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    over = serializers.IntegerField()
    returns = ReturnsTotalsSerializer()


class MonitoringSerializer(Serializer):
    totals = MonitoringTotalsSerializer()
    providers = MonitoringProviderSerializer(many=True)
    returns = ReturnsTotalsSerializer(help_text="Every active package's returns summed.")


class ReviewSummarySerializer(Serializer):
    rows = serializers.ListField(child=serializers.ListField())
    reviewed = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    chose_brokerage = serializers.IntegerField()
    annual_saving = serializers.DecimalField(max_digits=14, decimal_places=2)


class PackageTransferSerializer(ModelSerializer):
    """One package of a transfer plan: its date, status, providers before and after."""

    class Meta:
        model = PackageTransfer
        fields = [
            "id",
            "plan",
            "package",
            "transfer_on",
            "status",
            "from_provider",
            "to_provider",
            "choice_reason",
            "reschedule_reason",
            "cancel_reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class TransferPlanSerializer(ModelSerializer):
    """A transfer plan: POST gives the transfer date and the packages, by reference (`packages`) or
    in bulk (leave `packages` out: every active package of `from_framework` — of no framework when
    it is null — and of `from_provider` if given, that fits the new framework's categories)."""

    packages = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        write_only=True,
        required=False,
        min_length=1,
        max_length=1000,
        help_text="The references of the care packages that move; leave out to choose them in bulk.",
    )
    from_provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PROVIDER),
        write_only=True,
        required=False,
        allow_null=True,
        default=None,
        help_text="Only this provider's packages (each keeps its provider until the move is recorded).",
    )
    transfer_on = serializers.DateField(write_only=True, help_text="The date every package moves.")
    transfers = PackageTransferSerializer(many=True, read_only=True)

    class Meta:
        model = TransferPlan
        fields = [
            "id",
            "organisation",
            "name",
            "framework",
            "from_framework",
            "from_provider",
            "packages",
            "transfer_on",
            "transfers",
            "created_at",
        ]
        read_only_fields = ["organisation", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "framework", lambda user: Framework.objects.visible_to(user))
        _scoped(self, "from_framework", lambda user: Framework.objects.visible_to(user))

    def validate_packages(self, value):
        request = self.context["request"]
        refs = list(dict.fromkeys(value))
        found = {package.pk: package for package in CarePackage.objects.visible_to(request.user).filter(pk__in=refs)}
        missing = [str(ref) for ref in refs if ref not in found]
        if missing:
            raise serializers.ValidationError(
                f"No care package you can see with the reference {', '.join(missing[:5])}."
            )
        return [found[ref] for ref in refs]


class TransferRecordSerializer(Serializer):
    status = serializers.ChoiceField(choices=[b.TransferStatus.TRANSFERRED, b.TransferStatus.CHOSE_OTHER])
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PROVIDER),
        required=False,
        allow_null=True,
        default=None,
        help_text="The provider the person chose (status chose_other).",
    )
    choice_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class TransferRescheduleSerializer(Serializer):
    transfer_on = serializers.DateField(help_text="The new transfer date (not before the package starts).")
    reason = serializers.CharField(
        allow_blank=True, max_length=1000, help_text="Why the date changes (required; kept in the history)."
    )


class TransferCancelSerializer(Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=1000, help_text="Why the transfer is cancelled.")


class ProviderReturnSerializer(ModelSerializer):
    """A provider's return: the period, hours delivered and actual cost; the planned hours and cost
    (the package's weekly figures times the weeks of the period) are computed."""

    class Meta:
        model = ProviderReturn
        fields = [
            "id",
            "package",
            "period_start",
            "period_end",
            "planned_hours",
            "delivered_hours",
            "planned_cost",
            "actual_cost",
            "created_at",
        ]
        read_only_fields = ["planned_hours", "planned_cost", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, "package", lambda user: CarePackage.objects.visible_to(user))
