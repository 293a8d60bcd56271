"""The brokerage API: the same services, scope and rules as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from brokerage import selectors, services
from brokerage.api import serializers as s
from brokerage.filters import (
    ApplicationFilterSet,
    BidFilterSet,
    BudgetFilterSet,
    CallOffFilterSet,
    FrameworkFilterSet,
    PackageFilterSet,
    ReturnFilterSet,
    ReviewFilterSet,
    TransferFilterSet,
)
from brokerage.models import (
    Bid,
    CallOff,
    CarePackage,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderReturn,
    RasBand,
    TransferPlan,
)
from brokerage.models import ProviderApplication as Application
from common.api.mixins import NeverDeletedMixin

_READ_CREATE = (mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class RasBandViewSet(viewsets.ReadOnlyModelViewSet):
    """The Resource Allocation System bands and the indicative weekly amount each gives
    (administrators keep them in the admin)."""

    queryset = RasBand.objects.all()
    serializer_class = s.RasBandSerializer
    ordering_fields = ["indicative_weekly_amount", "id"]

    def get_queryset(self):
        return RasBand.objects.order_by("id")


class PersonalBudgetViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Personal budgets of your council's carers and the people they care for: the RAS band's
    indicative amount, the agreed amount, how it is taken, start and review dates."""

    queryset = PersonalBudget.objects.none()
    serializer_class = s.PersonalBudgetSerializer
    filterset_class = BudgetFilterSet
    ordering_fields = ["start_on", "review_on", "id"]

    def get_queryset(self):
        return selectors.budget_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.budget_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.budget_update(budget=serializer.instance, **serializer.validated_data)


class FrameworkViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Open frameworks of your council with their service categories and evaluation windows.
    POST `windows` opens an evaluation window."""

    queryset = Framework.objects.none()
    serializer_class = s.FrameworkSerializer
    filterset_class = FrameworkFilterSet
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return selectors.framework_list(self.request.user).prefetch_related("windows").order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.framework_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.framework_update(framework=serializer.instance, **serializer.validated_data)

    @extend_schema(request=s.WindowSerializer, responses=s.FrameworkSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.WindowSerializer)
    def windows(self, request, pk=None, **kwargs):
        """GET: the framework and its windows. POST: open an evaluation window (never overlapping another)."""
        framework = self.get_object()
        if request.method == "GET":
            return Response(s.FrameworkSerializer(framework, context={"request": request}).data)
        data = s.WindowSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.window_add(framework=framework, **data.validated_data)
        return Response(s.FrameworkSerializer(self.get_object(), context={"request": request}).data)


class ApplicationViewSet(NeverDeletedMixin, *_READ_CREATE):
    """Providers' applications to join a framework: refused outside an evaluation window. POST
    `checks` records a due-diligence item or quality score; POST `decide` admits or refuses."""

    queryset = Application.objects.none()
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilterSet
    ordering_fields = ["applied_on", "id"]

    def get_queryset(self):
        return selectors.application_list(self.request.user).prefetch_related("checks").order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.application_submit(**serializer.validated_data)

    @extend_schema(request=s.CheckSerializer, responses=s.ApplicationSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.CheckSerializer)
    def checks(self, request, pk=None, **kwargs):
        """GET: the application with its checks. POST: record a due-diligence item (passed) or quality
        question (score 0–5)."""
        application = self.get_object()
        if request.method == "GET":
            return Response(s.ApplicationSerializer(application, context={"request": request}).data)
        data = s.CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.check_add(application=application, **data.validated_data)
        return Response(s.ApplicationSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.ApplicationSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.DecisionSerializer)
    def decide(self, request, pk=None, **kwargs):
        """GET: the decision so far. POST: admit (every due-diligence item passed) or refuse (with reasons)."""
        application = self.get_object()
        if request.method == "GET":
            return Response(s.ApplicationSerializer(application, context={"request": request}).data)
        data = s.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_decide(application=application, user=request.user, **data.validated_data)
        return Response(s.ApplicationSerializer(self.get_object(), context={"request": request}).data)


class CallOffViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Call-offs: packages advertised to a framework's admitted providers of one category.
    GET `advert` is what providers see (no person); GET `bids` the ranked comparison; POST
    `close` stops bids; POST `choose` records the person's choice and makes the care package."""

    queryset = CallOff.objects.none()
    serializer_class = s.CallOffSerializer
    filterset_class = CallOffFilterSet
    ordering_fields = ["closes_at", "id"]

    def get_queryset(self):
        return selectors.calloff_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.calloff_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        for fixed in ("framework", "category", "personal_budget"):
            data.pop(fixed, None)
        serializer.instance = services.calloff_update(calloff=serializer.instance, **data)

    @extend_schema(responses=s.CallOffAdvertSerializer)
    @action(detail=True, methods=["get"], serializer_class=s.CallOffAdvertSerializer)
    def advert(self, request, pk=None, **kwargs):
        """The call-off as admitted providers see it: needs, hours, budget, weighting, deadline."""
        return Response(s.CallOffAdvertSerializer(self.get_object()).data)

    @extend_schema(responses=s.BidSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=s.BidSerializer, pagination_class=None, filterset_class=None)
    def bids(self, request, pk=None, **kwargs):
        """The call-off's bids scored and ranked (1 = highest weighted total)."""
        bids = selectors.ranked_bids(self.get_object())
        return Response(s.BidSerializer(bids, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses=s.CallOffSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.CallOffSerializer)
    def close(self, request, pk=None, **kwargs):
        """GET: the call-off. POST: stop taking bids."""
        if request.method == "GET":
            return Response(s.CallOffSerializer(self.get_object(), context={"request": request}).data)
        services.calloff_close(calloff=self.get_object())
        return Response(s.CallOffSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=s.ChoiceSerializer, responses=s.CarePackageSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.ChoiceSerializer)
    def choose(self, request, pk=None, **kwargs):
        """Record the person's choice of a suitable bid (a reason when it is not the top-ranked)
        and create the care package. GET: the call-off."""
        calloff = self.get_object()
        if request.method == "GET":
            return Response(s.CallOffSerializer(calloff, context={"request": request}).data)
        data = s.ChoiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bid = Bid.objects.filter(calloff=calloff, pk=data.validated_data.pop("bid")).first()
        if bid is None:
            raise NotFound("No such bid on this call-off.")
        package = services.calloff_choose(calloff=calloff, bid=bid, user=request.user, **data.validated_data)
        return Response(s.CarePackageSerializer(package).data, status=201)


class BidViewSet(NeverDeletedMixin, *_READ_CREATE):
    """Bids for your council's call-offs, each scored and ranked within its call-off: refused
    after the deadline, at a price of zero or less, or from a provider not admitted to the
    category. POST `assess` records the quality score and the social worker's check."""

    queryset = Bid.objects.none()
    serializer_class = s.BidSerializer
    filterset_class = BidFilterSet
    ordering_fields = ["received_at", "id"]

    def get_queryset(self):
        return selectors.bid_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = selectors.bid_list(self.request.user).get(
            pk=services.bid_submit(**serializer.validated_data).pk
        )

    @extend_schema(request=s.AssessSerializer, responses=s.BidSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.AssessSerializer)
    def assess(self, request, pk=None, **kwargs):
        """GET: the bid. POST: the evaluator's quality score (0–100) and the social worker's check."""
        bid = self.get_object()
        if request.method == "GET":
            return Response(s.BidSerializer(bid, context={"request": request}).data)
        data = s.AssessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.bid_assess(bid=bid, user=request.user, **data.validated_data)
        return Response(s.BidSerializer(self.get_object(), context={"request": request}).data)


class CarePackageViewSet(
    NeverDeletedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Care packages of your council: made by the person's choice of a bid; PUT/PATCH change the
    hours, cost, dates or status (each change kept in the history)."""

    queryset = CarePackage.objects.none()
    serializer_class = s.CarePackageSerializer
    filterset_class = PackageFilterSet
    ordering_fields = ["start_on", "review_on", "id"]

    def get_queryset(self):
        return selectors.package_list(self.request.user).order_by("-id")

    def perform_update(self, serializer):
        serializer.instance = services.package_update(package=serializer.instance, **serializer.validated_data)


class PackageCostViewSet(viewsets.ReadOnlyModelViewSet):
    """Package costs against their budgets with the over/under-spend flag — no person — for
    finance officers, commissioners and brokerage officers."""

    queryset = CarePackage.objects.none()
    serializer_class = s.PackageCostSerializer
    filterset_class = PackageFilterSet
    ordering_fields = ["id"]
    required_permissions = ["brokerage.view_package_totals"]

    def get_queryset(self):
        return selectors.package_costs(self.request.user).order_by("-id")


class PackageReviewViewSet(NeverDeletedMixin, *_READ_CREATE):
    """Package reviews: the outcome, the saving, whether the person chose brokerage."""

    queryset = PackageReview.objects.none()
    serializer_class = s.PackageReviewSerializer
    filterset_class = ReviewFilterSet
    ordering_fields = ["reviewed_on", "id"]

    def get_queryset(self):
        return selectors.review_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        review = services.review_record(user=self.request.user, **serializer.validated_data)
        serializer.instance = selectors.review_list(self.request.user).get(pk=review.pk)


class MonitoringView(APIView):
    """Totals of your council's active packages (count, providers, hours a week, weekly and annual
    cost against budget, over/under-spend) and the same per provider."""

    required_permissions = ["brokerage.view_package_totals"]

    @extend_schema(responses=s.MonitoringSerializer)
    def get(self, request):
        return Response(s.MonitoringSerializer(selectors.monitoring_summary(request.user)).data)


class ReviewSummaryView(APIView):
    """The review outcomes grid: reviews by outcome, total reviewed, on hold, chose brokerage, savings."""

    required_permissions = ["brokerage.view_packagereview"]

    @extend_schema(responses=s.ReviewSummarySerializer)
    def get(self, request):
        return Response(s.ReviewSummarySerializer(selectors.review_summary(request.user)).data)


class TransferPlanViewSet(NeverDeletedMixin, *_READ_CREATE):
    """Plans moving existing packages from an old framework to a new one: POST gives the transfer
    date and the packages, by reference or in bulk (every active package of the old framework and
    provider given that fits the new framework's categories). Each package must be active, in one
    of the new framework's categories, not on it already, not planned elsewhere, and the date not
    before it starts; nothing is saved unless every package can move."""

    queryset = TransferPlan.objects.none()
    serializer_class = s.TransferPlanSerializer
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        return selectors.transfer_plan_list(self.request.user).prefetch_related("transfers").order_by("-id")

    def perform_create(self, serializer):
        plan = services.transfer_plan_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)


# Recording, rescheduling and cancelling change the transfer: change_, not add_ as POST would ask.
CHANGE_TRANSFER = ["brokerage.view_packagetransfer", "brokerage.change_packagetransfer"]


class PackageTransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The packages of transfer plans with their date and status, filtered by plan, framework,
    status, provider before the move and a range of transfer dates. While planned, POST `record`
    records one as transferred with the person's provider, or as moved to the provider the person
    chose (with the reason; either provider must be admitted to the new framework's category);
    POST `reschedule` moves it to a new date (with the reason, kept in its history); POST `cancel`
    cancels it (with the reason). A transfer already recorded or cancelled changes no more."""

    queryset = PackageTransfer.objects.none()
    required_permissions = None  # the model permissions, but `record`'s own (see there)
    serializer_class = s.PackageTransferSerializer
    filterset_class = TransferFilterSet
    ordering_fields = ["transfer_on", "id"]

    def get_queryset(self):
        return selectors.transfer_list(self.request.user).order_by("transfer_on", "id")

    def _act(self, request, serializer_class, service):
        """GET: the transfer. POST: `service` on it with the validated body; answers the transfer after."""
        transfer = self.get_object()
        if request.method == "GET":
            return Response(s.PackageTransferSerializer(transfer).data)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        service(transfer=transfer, user=request.user, **data.validated_data)
        return Response(s.PackageTransferSerializer(self.get_object()).data)

    @extend_schema(request=s.TransferRecordSerializer, responses=s.PackageTransferSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=s.TransferRecordSerializer,
        filterset_class=None,
        required_permissions=CHANGE_TRANSFER,
    )
    def record(self, request, pk=None, **kwargs):
        """GET: the transfer. POST: record it as transferred, or as moved to the provider the person chose."""
        return self._act(request, s.TransferRecordSerializer, services.transfer_record)

    @extend_schema(request=s.TransferRescheduleSerializer, responses=s.PackageTransferSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=s.TransferRescheduleSerializer,
        filterset_class=None,
        required_permissions=CHANGE_TRANSFER,
    )
    def reschedule(self, request, pk=None, **kwargs):
        """GET: the transfer. POST: move a planned transfer to a new date (not before the package
        starts), with the reason."""
        return self._act(request, s.TransferRescheduleSerializer, services.transfer_reschedule)

    @extend_schema(request=s.TransferCancelSerializer, responses=s.PackageTransferSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=s.TransferCancelSerializer,
        filterset_class=None,
        required_permissions=CHANGE_TRANSFER,
    )
    def cancel(self, request, pk=None, **kwargs):
        """GET: the transfer. POST: cancel a planned transfer, with the reason (the package stays
        where it is)."""
        return self._act(request, s.TransferCancelSerializer, services.transfer_cancel)


class ProviderReturnViewSet(NeverDeletedMixin, *_READ_CREATE):
    """Providers' returns per package and period (hours delivered, actual cost) beside the planned
    hours and cost: refused for a period before the package starts, ending in the future, or
    overlapping another return of the package."""

    queryset = ProviderReturn.objects.none()
    serializer_class = s.ProviderReturnSerializer
    filterset_class = ReturnFilterSet
    ordering_fields = ["period_start", "id"]

    def get_queryset(self):
        return ProviderReturn.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.return_record(user=self.request.user, **serializer.validated_data)
