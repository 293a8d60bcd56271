"""Serializers for breaks, grants and vouchers: applications, decisions, voucher redemptions and
spend by financial year."""

from rest_framework import serializers

from accounts.models import Organisation
from carers.grants.choices import GrantStatus, PaymentMethod
from carers.models import Carer, CarerGrant, VoucherRedemption
from common.api.serializers import ModelSerializer, Serializer


class GrantSerializer(ModelSerializer):
    vouchers_used = serializers.IntegerField(read_only=True)

    class Meta:
        model = CarerGrant
        fields = [
            "id",
            "carer",
            "organisation",
            "kind",
            "purpose",
            "applied_on",
            "amount_requested",
            "vouchers_requested",
            "status",
            "decided_on",
            "decided_by",
            "decision_reason",
            "amount_awarded",
            "vouchers_issued",
            "vouchers_used",
            "payment_method",
            "paid_on",
            "created_at",
        ]
        read_only_fields = [
            "organisation",
            "status",
            "decided_on",
            "decided_by",
            "decision_reason",
            "amount_awarded",
            "vouchers_issued",
            "payment_method",
            "paid_on",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only carers the caller may see can be chosen (another council's carer is "does not exist").
            self.fields["carer"].queryset = Carer.objects.visible_to(request.user).everyday()


class GrantDecisionSerializer(Serializer):
    status = serializers.ChoiceField(choices=[GrantStatus.APPROVED, GrantStatus.DECLINED])
    decided_on = serializers.DateField()
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")
    amount_awarded = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    vouchers_issued = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, required=False, allow_blank=True, default=""
    )
    paid_on = serializers.DateField(required=False, allow_null=True)


class VoucherRedemptionSerializer(ModelSerializer):
    class Meta:
        model = VoucherRedemption
        fields = ["id", "grant", "provider", "redeemed_on", "vouchers_used", "note", "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["grant"].queryset = CarerGrant.objects.visible_to(request.user)
            self.fields["provider"].queryset = Organisation.objects.filter(kind__in=["provider", "voluntary"])


class GrantSpendRowSerializer(Serializer):
    """One financial year's grant spend (documentation of the response)."""

    year = serializers.IntegerField(help_text="The year the financial year starts in (2025 for 2025/26).")
    label = serializers.CharField(help_text="The financial year as written, e.g. 2025/26.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    awards = serializers.IntegerField()
    vouchers_issued = serializers.IntegerField()
