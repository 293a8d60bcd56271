"""Serializers of the budgets API: decimals go out as strings, dates as ISO 8601."""

from rest_framework import serializers

from budgets.models import Allocation, AllocationGroup, Budget, FundingStream, Spend
from commissioning.models import DeliveryMethod, ServiceLine
from common.api.serializers import ModelSerializer, Serializer

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class BudgetSerializer(ModelSerializer):
    year_label = serializers.CharField(read_only=True)
    # What the budget's lines allocate (a group's shared amount once): selectors.budget_list.
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "organisation",
            "year",
            "year_label",
            "name",
            "total",
            "status",
            "accountable_body",
            "note",
            "allocated",
        ]
        read_only_fields = ["organisation", "status"]


class AllocationSerializer(ModelSerializer):
    budget = serializers.PrimaryKeyRelatedField(queryset=Budget.objects.none())
    service_line = serializers.PrimaryKeyRelatedField(queryset=ServiceLine.objects.all())
    delivery_method = serializers.PrimaryKeyRelatedField(
        queryset=DeliveryMethod.objects.all(), allow_null=True, required=False
    )
    funding_stream = serializers.PrimaryKeyRelatedField(
        queryset=FundingStream.objects.all(), allow_null=True, required=False
    )
    group = serializers.PrimaryKeyRelatedField(queryset=AllocationGroup.objects.none(), allow_null=True, required=False)
    amount = serializers.DecimalField(**MONEY, allow_null=True, required=False)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "budget",
            "description",
            "service_line",
            "delivery_method",
            "funding_stream",
            "amount",
            "group",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["budget"].queryset = Budget.objects.visible_to(request.user)
            self.fields["group"].queryset = AllocationGroup.objects.visible_to(request.user)

    def validate(self, attrs):
        """Model rules run in the service, once."""
        return attrs


class BreakdownRowSerializer(Serializer):
    description = serializers.CharField()
    service_line = serializers.CharField(source="service_line.name")
    delivery_method = serializers.CharField(source="delivery_method.name", default=None)
    funding_stream = serializers.CharField(source="funding_stream.name", default=None)
    group = serializers.CharField(source="group.name", default=None)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Allocated less the forecast outturn."
    )
    outturn = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Forecast outturn: spend to date plus committed not yet spent."
    )
    over = serializers.BooleanField(help_text="Commitments or spend exceed the allocation.")


class BreakdownTotalSerializer(Serializer):
    line = serializers.CharField()
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    outturn = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    over = serializers.BooleanField(allow_null=True)


class BreakdownSerializer(Serializer):
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = BreakdownRowSerializer(many=True)
    totals = BreakdownTotalSerializer(
        many=True, help_text="Commitments on no line, carers' grants paid (when any) and the budget's total."
    )


class SpendSerializer(ModelSerializer):
    allocation = serializers.PrimaryKeyRelatedField(queryset=Allocation.objects.none())
    amount = serializers.DecimalField(**MONEY)
    month = serializers.DateField(help_text="Any day of the month: stored as the month's first day.")

    class Meta:
        model = Spend
        fields = ["id", "allocation", "month", "amount", "note", "source", "recorded_at"]
        read_only_fields = ["source", "recorded_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["allocation"].queryset = Allocation.objects.visible_to(request.user).select_related("budget")

    def validate(self, attrs):
        """Model rules run in the service, once."""
        return attrs
