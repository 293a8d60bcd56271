"""API of the procurement pipeline: procurements (with the move and cancel actions), lots (with
award and evaluation), bidders, criteria, scores, agreed scores and risks. Every write goes
through the services the pages use, so the API refuses what the pages refuse, with the same
messages; another council's records are not found."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning import procurement_selectors as selectors
from commissioning.api.procurement_serializers import (
    AgreedScoreSerializer,
    AwardSerializer,
    CancelSerializer,
    CriterionSerializer,
    LotSerializer,
    LotUpdateSerializer,
    MoveSerializer,
    ProcurementSerializer,
    RankedBidSerializer,
    RiskSerializer,
    ScoreSerializer,
    TenderBidSerializer,
    TenderBidUpdateSerializer,
)
from commissioning.filters import ProcurementFilterSet
from commissioning.models import AgreedScore, Bid, Criterion, Lot, Procurement, Risk, Score
from commissioning.querysets import CHANGE
from commissioning.services import evaluation as evaluation_services
from commissioning.services import procurements as services
from commissioning.services import risks as risk_services
from common.api.mixins import NeverDeletedMixin

WRITES = ("update", "partial_update", "move", "cancel", "award")


class ProcurementViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Procurements your organisation runs or they are run for (filters: owner, route, stage, q).

    POST starts one at market engagement, kept by your organisation; PUT/PATCH correct its details.
    `move` moves it to a stage the workflow allows next (each move dated and attributed), `cancel`
    cancels it with a reason from any stage before live."""

    serializer_class = ProcurementSerializer
    filterset_class = ProcurementFilterSet
    never_deleted = "Procurements are never deleted: cancel one with its reason instead."
    queryset = Procurement.objects.none()

    def get_queryset(self):
        queryset = selectors.procurement_detail(self.request.user)
        if self.action in WRITES:
            queryset = queryset.filter(pk__in=Procurement.objects.visible_to(self.request.user, CHANGE).values("pk"))
        return queryset.order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.procurement_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.procurement_update(
            user=self.request.user, procurement=serializer.instance, **serializer.validated_data
        )

    def _act(self, request, serializer_class, service):
        if not request.user.has_perm("commissioning.change_procurement"):
            self.permission_denied(request, message="Your role may not move procurements.")
        procurement = self.get_object()
        if request.method == "POST":
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            service(user=request.user, procurement=procurement, **serializer.validated_data)
        fresh = selectors.procurement_detail(request.user).get(pk=procurement.pk)
        return Response(ProcurementSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=MoveSerializer, responses=ProcurementSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=MoveSerializer)
    def move(self, request, pk=None, **kwargs):
        """GET: the procurement. POST: move it to the next stage (`to`), through that transition's service."""
        return self._act(request, MoveSerializer, services.procurement_move)

    @extend_schema(request=CancelSerializer, responses=ProcurementSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=CancelSerializer)
    def cancel(self, request, pk=None, **kwargs):
        """GET: the procurement. POST: cancel it with the reason."""
        return self._act(request, CancelSerializer, services.procurement_cancel)


class LotViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Lots of the procurements you may see (filter with `procurement`). `award` awards a lot to a
    shortlisted bidder who submitted, after the standstill, creating its contract in the register;
    `evaluation` gives its submitted bids' weighted totals and ranks."""

    serializer_class = LotSerializer
    filterset_fields = ["procurement"]
    never_deleted = "Lots are not deleted."
    queryset = Lot.objects.none()

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return LotUpdateSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = Lot.objects.visible_to(self.request.user, CHANGE if self.action in WRITES else "view")
        return queryset.select_related("procurement").order_by("-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        procurement = data.pop("procurement")
        serializer.instance = services.lot_save(user=self.request.user, procurement=procurement, **data)

    def perform_update(self, serializer):
        lot = serializer.instance
        serializer.instance = services.lot_save(
            user=self.request.user, procurement=lot.procurement, lot=lot, **serializer.validated_data
        )

    @extend_schema(request=AwardSerializer, responses=LotSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=AwardSerializer)
    def award(self, request, pk=None, **kwargs):
        """GET: the lot. POST: award it (commissioning.award_lot); its contract goes into the register."""
        if not request.user.has_perm("commissioning.award_lot"):
            self.permission_denied(request, message="Your role may not award lots.")
        lot = self.get_object()
        if request.method == "POST":
            serializer = AwardSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            bid = Bid.objects.visible_to(request.user).filter(pk=data.pop("bid")).first()
            if bid is None:
                from rest_framework.exceptions import ValidationError

                raise ValidationError({"bid": ["No such bidder."]})
            services.lot_award(user=request.user, lot=lot, bid=bid, **data)
        fresh = Lot.objects.get(pk=lot.pk)
        return Response(LotSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(responses=RankedBidSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=RankedBidSerializer, pagination_class=None)
    def evaluation(self, request, pk=None, **kwargs):
        """The lot's submitted bids with quality, price and weighted total scores and rank (best first)."""
        if not request.user.has_perm("commissioning.view_score"):
            self.permission_denied(request, message="Your role may not read evaluations.")
        lot = self.get_object()
        rows = selectors.lot_evaluation(lot)["rows"]
        return Response(RankedBidSerializer([row.bid for row in rows], many=True).data)


class BidViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Bidders on the lots you may see (filter with `lot`, `status`): POST adds one to a lot; PUT/PATCH
    move it on (shortlisted, invited, submitted) or out (withdrawn, or excluded with the reason)."""

    serializer_class = TenderBidSerializer
    filterset_fields = ["lot", "status"]
    never_deleted = "Bidders are not deleted: mark one withdrawn or excluded."
    queryset = Bid.objects.none()

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return TenderBidUpdateSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = Bid.objects.visible_to(self.request.user, CHANGE if self.action in WRITES else "view")
        return queryset.select_related("lot", "lot__procurement").order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.bid_add(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        bid = serializer.instance
        data = {
            "status": bid.status,
            "exclusion_reason": bid.exclusion_reason,
            "price": bid.price,
        } | serializer.validated_data
        serializer.instance = services.bid_update(user=self.request.user, bid=bid, **data)


class CriterionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Award criteria of the lots you may see (filter with `lot`): weights add up to 100, a
    criterion's sub-criteria to its weight; price is scored by the formula chosen."""

    serializer_class = CriterionSerializer
    filterset_fields = ["lot"]
    queryset = Criterion.objects.none()

    def get_queryset(self):
        return Criterion.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = evaluation_services.criterion_add(user=self.request.user, **serializer.validated_data)


class ScoreViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluators' scores (filter with `bid`, `criterion`): POST records (or corrects) yours."""

    serializer_class = ScoreSerializer
    filterset_fields = ["bid", "criterion"]
    queryset = Score.objects.none()

    def get_queryset(self):
        return Score.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = evaluation_services.score_record(user=self.request.user, **serializer.validated_data)


class AgreedScoreViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Moderated scores (filter with `bid`, `criterion`): the one the weighted total uses."""

    serializer_class = AgreedScoreSerializer
    filterset_fields = ["bid", "criterion"]
    queryset = AgreedScore.objects.none()

    def get_queryset(self):
        return AgreedScore.objects.filter(bid__in=Bid.objects.visible_to(self.request.user).values("pk")).order_by(
            "-id"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = evaluation_services.score_agree(user=self.request.user, note=data.pop("note", ""), **data)


class RiskViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Your organisation's risk register, rated likelihood × impact (filter with `status`)."""

    serializer_class = RiskSerializer
    filterset_fields = ["status"]
    never_deleted = "Risks are not deleted: close one."
    queryset = Risk.objects.none()

    def get_queryset(self):
        return selectors.risk_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = risk_services.risk_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = risk_services.risk_save(
            user=self.request.user, risk=serializer.instance, **serializer.validated_data
        )
