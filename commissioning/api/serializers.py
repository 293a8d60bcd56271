"""Serializers of the contracts register. Derived values (current end, latest possible end,
options left, days to expiry, decision due by) are read-only and computed as on the pages."""

from rest_framework import serializers

from accounts.models import Organisation
from commissioning.choices import AmendmentKind
from commissioning.models import (
    Accreditation,
    Contract,
    ContractAmendment,
    ContractKpi,
    DecisionThreshold,
    KpiReturn,
    ProviderProfile,
)
from common.api.serializers import ModelSerializer, Serializer

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class ContractSerializer(ModelSerializer):
    total_value = serializers.DecimalField(help_text="Total value at award.", **MONEY)
    annual_value = serializers.DecimalField(help_text="Annual value at award.", **MONEY)
    current_end = serializers.SerializerMethodField()
    current_total_value = serializers.SerializerMethodField()
    current_annual_value = serializers.SerializerMethodField()
    latest_possible_end = serializers.DateField(read_only=True)
    options_left = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    days_to_expiry = serializers.IntegerField(read_only=True)
    decision_due_by = serializers.DateField(read_only=True)
    procurement_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The procurement that awarded it."
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "title",
            "provider",
            "accountable_body",
            "on_behalf_of",
            "service_lines",
            "delivery_method",
            "funding_streams",
            "lot",
            "total_value",
            "annual_value",
            "start_date",
            "initial_end_date",
            "extension_options",
            "notice_period_months",
            "tupe_applies",
            "status",
            "owner",
            "next_review_date",
            "review_frequency",
            "description",
            "procurement_id",
            "current_end",
            "current_total_value",
            "current_annual_value",
            "latest_possible_end",
            "options_left",
            "days_to_expiry",
            "decision_due_by",
        ]
        read_only_fields = ["accountable_body", "status"]

    def get_current_end(self, obj) -> str:
        return obj.current.end.isoformat()

    def get_current_total_value(self, obj) -> str:
        return f"{obj.current.total_value:.2f}"

    def get_current_annual_value(self, obj) -> str:
        return f"{obj.current.annual_value:.2f}"


class DecisionSerializer(Serializer):
    decision_maker = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    decision_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class ExtendSerializer(DecisionSerializer):
    months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=120, default=None)
    added_value = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    rationale = serializers.CharField(max_length=2000)


class AmendSerializer(DecisionSerializer):
    kind = serializers.ChoiceField(choices=[k for k in AmendmentKind.values if k != AmendmentKind.EXTENSION])
    effective_on = serializers.DateField()
    rationale = serializers.CharField(max_length=2000)
    new_end = serializers.DateField(required=False, allow_null=True, default=None)
    new_total = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)
    new_annual = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)
    new_scope = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReviewSerializer(Serializer):
    reviewed_on = serializers.DateField()


class AmendmentSerializer(ModelSerializer):
    class Meta:
        model = ContractAmendment
        fields = [
            "id",
            "contract",
            "sequence",
            "kind",
            "effective_on",
            "rationale",
            "end_before",
            "end_after",
            "total_before",
            "total_after",
            "annual_before",
            "annual_after",
            "scope_before",
            "scope_after",
            "option_months",
            "decision_maker",
            "decision_body",
            "decided_on",
            "decision_reference",
            "notice_kind",
            "notice_published_on",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class AccreditationSerializer(ModelSerializer):
    class Meta:
        model = Accreditation
        fields = ["id", "provider", "scheme", "status", "awarded_on", "expires_on", "reference"]


class ProviderSerializer(ModelSerializer):
    accreditations = AccreditationSerializer(many=True, read_only=True)

    class Meta:
        model = ProviderProfile
        fields = ["id", "organisation", "charity_number", "company_number", "services", "notes", "accreditations"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(kind__in=["provider", "voluntary"])


class ThresholdSerializer(ModelSerializer):
    over_value = serializers.DecimalField(**MONEY)

    class Meta:
        model = DecisionThreshold
        fields = ["id", "organisation", "over_value", "decision_body", "applies_to", "description"]
        read_only_fields = ["organisation"]


class KpiReturnSerializer(ModelSerializer):
    class Meta:
        model = KpiReturn
        fields = ["id", "kpi", "period_end", "actual", "rating", "comment", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_by", "recorded_at"]


class KpiSerializer(ModelSerializer):
    class Meta:
        model = ContractKpi
        fields = ["id", "contract", "name", "target", "frequency", "next_return_due"]
