"""API for breaks, grants and vouchers: applications and decisions, voucher redemptions, and spend
by financial year (aggregated)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from carers.grants import selectors, services
from carers.grants.choices import GrantStatus, PaymentMethod
from carers.grants.filters import GrantFilterSet, VoucherRedemptionFilterSet
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


class GrantViewSet(viewsets.ModelViewSet):
    """Grants, direct payments and Take a Break voucher awards of the carers you may see.

    POST records an application; PUT/PATCH correct it while it awaits a decision; `decide`
    approves (amount or vouchers, payment method) or declines (with the reason)."""

    serializer_class = GrantSerializer
    filterset_class = GrantFilterSet
    ordering_fields = ["applied_on", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.grant_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.grant_apply(**serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("carer", None)
        serializer.instance = services.grant_update(grant=serializer.instance, **data)

    @extend_schema(request=GrantDecisionSerializer, responses=GrantSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=GrantDecisionSerializer)
    def decide(self, request, pk=None, **kwargs):  # kwargs: `format` from a suffix route
        """GET: the award's decision so far. POST: approve or decline it (once)."""
        grant = self.get_object()
        if request.method == "GET":
            return Response(GrantSerializer(grant, context={"request": request}).data)
        if not request.user.has_perm("carers.change_carergrant"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        data = GrantDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.grant_decide(grant=grant, user=request.user, **data.validated_data)
        return Response(
            GrantSerializer(selectors.grant_list(request.user).get(pk=decided.pk), context={"request": request}).data
        )


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


class VoucherRedemptionViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Vouchers redeemed by providers for short breaks; never more than the vouchers issued."""

    serializer_class = VoucherRedemptionSerializer
    filterset_class = VoucherRedemptionFilterSet
    ordering_fields = ["redeemed_on", "id"]

    def get_queryset(self):
        return selectors.redemption_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.voucher_redeem(**serializer.validated_data)


class GrantSpendRowSerializer(Serializer):
    """One financial year's grant spend (documentation of the response)."""

    year = serializers.IntegerField(help_text="The year the financial year starts in (2025 for 2025/26).")
    label = serializers.CharField(help_text="The financial year as written, e.g. 2025/26.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    awards = serializers.IntegerField()
    vouchers_issued = serializers.IntegerField()


class GrantSpendView(APIView):
    """Spend on carers' grants and direct payments per financial year for your council (aggregated):
    what `budgets` reads as actual spend."""

    required_permissions = ["carers.view_carer_statistics"]

    @extend_schema(responses={200: GrantSpendRowSerializer(many=True)})
    def get(self, request):
        organisation = None if request.user.is_superuser else request.user.organisation
        if organisation is None and not request.user.is_superuser:
            raise NotFound("Your account has no organisation.")
        rows = selectors.grant_spend_by_year(organisation)
        return Response([row | {"amount": str(row["amount"])} for row in rows])
