"""API for breaks, grants and vouchers: applications and decisions, voucher redemptions, and spend
by financial year (aggregated)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from carers.grants import selectors, services
from carers.grants.api.serializers import (
    GrantDecisionSerializer,
    GrantSerializer,
    GrantSpendRowSerializer,
    VoucherRedemptionSerializer,
)
from carers.grants.filters import GrantFilterSet, VoucherRedemptionFilterSet
from common.api.mixins import NeverDeletedMixin


class GrantViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Grants, direct payments and Take a Break voucher awards of the carers you may see.

    POST records an application; PUT/PATCH correct it while it awaits a decision; `decide`
    approves (amount or vouchers, payment method) or declines (with the reason)."""

    serializer_class = GrantSerializer
    filterset_class = GrantFilterSet
    ordering_fields = ["applied_on", "id"]
    never_deleted = "Grants are never deleted (they count towards spend): decline an application instead."

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
            raise PermissionDenied("Your role may not decide grant applications.")
        data = GrantDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.grant_decide(grant=grant, user=request.user, **data.validated_data)
        return Response(
            GrantSerializer(selectors.grant_list(request.user).get(pk=decided.pk), context={"request": request}).data
        )


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
