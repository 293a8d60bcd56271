"""Serializers of the brokerage API. Input serializers carry what a service takes; output ones
what a page shows. The advert serializer is what providers see: no person, no budget reference."""

from rest_framework import serializers

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from brokerage import choices as b
from brokerage.models import (
    ApplicationCheck,
    Bid,
    CallOff,
    CarePackage,
    EvaluationWindow,
    Framework,
    PackageReview,
    PersonalBudget,
    ProviderApplication,
    RasBand,
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


class BidSerializer(ModelSerializer):
    """A bid with its cost points, quality points, weighted total and rank (from the database)."""

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


class AssessSerializer(Serializer):
    quality_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )
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


class MonitoringProviderSerializer(Serializer):
    provider_id = serializers.IntegerField()
    provider__name = serializers.CharField()
    packages = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    weekly = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Weekly cost.")
    weekly_budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    annual_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    over = serializers.IntegerField()


class MonitoringSerializer(Serializer):
    totals = MonitoringTotalsSerializer()
    providers = MonitoringProviderSerializer(many=True)


class ReviewSummarySerializer(Serializer):
    rows = serializers.ListField(child=serializers.ListField())
    reviewed = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    chose_brokerage = serializers.IntegerField()
    annual_saving = serializers.DecimalField(max_digits=14, decimal_places=2)
