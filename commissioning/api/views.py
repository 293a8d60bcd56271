"""API of the contracts register: contracts (with the extend, amend and review actions that the
pages use, through the same services), their amendments, KPIs and returns, providers and their
accreditations, and the scheme of delegation's thresholds."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from commissioning import selectors
from commissioning.api.plan_serializers import ProcurementPlanSerializer, ReprocureSerializer
from commissioning.api.serializers import (
    AccreditationSerializer,
    AmendmentSerializer,
    AmendSerializer,
    ContractSerializer,
    ExtendSerializer,
    KpiReturnSerializer,
    KpiSerializer,
    ProviderSerializer,
    ReviewSerializer,
    ThresholdSerializer,
)
from commissioning.filters import ContractFilterSet
from commissioning.models import (
    Accreditation,
    Contract,
    ContractAmendment,
    ContractKpi,
    DecisionThreshold,
    KpiReturn,
    ProviderProfile,
)
from commissioning.querysets import CHANGE
from commissioning.services import contracts as services
from commissioning.services import kpis as kpi_services
from commissioning.services import providers as provider_services
from commissioning.services.thresholds import threshold_save
from common.api.mixins import NeverDeletedMixin


class ContractViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """The contracts register: contracts your organisation is accountable for or a partner to.

    Filters as on the register page (status, provider, service_line, owner, funding_stream,
    value_band, expiring_within, decision_due_within months). POST adds a contract accountable to
    your organisation; PUT/PATCH correct it as awarded. `extend` exercises the next extension
    option, `amend` records a variation or early termination, `review` records a review; each is
    refused as on the pages (beyond the options, above a threshold without its decision)."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    never_deleted = "Contracts are never deleted: record an early termination instead."
    queryset = Contract.objects.none()

    def get_queryset(self):
        if self.action in ("update", "partial_update", "extend", "amend", "review", "reprocure"):
            changeable = Contract.objects.visible_to(self.request.user, CHANGE).values("pk")
            return selectors.contract_detail(self.request.user).filter(pk__in=changeable).order_by("-id")
        if self.action == "retrieve":
            return selectors.contract_detail(self.request.user).order_by("-id")
        return (
            selectors.contract_list(self.request.user)
            .prefetch_related("service_lines", "funding_streams", "on_behalf_of")
            .order_by("-id")
        )

    def perform_create(self, serializer):
        serializer.instance = services.contract_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.contract_update(
            user=self.request.user, contract=serializer.instance, **serializer.validated_data
        )

    def _answer(self, contract):
        fresh = selectors.contract_detail(self.request.user).get(pk=contract.pk)
        return Response(ContractSerializer(fresh, context=self.get_serializer_context()).data)

    def _act(self, request, permission, serializer_class, service):
        if not request.user.has_perm(permission):
            self.permission_denied(request, message="Your role may not change contracts this way.")
        contract = self.get_object()
        if request.method == "GET":
            return self._answer(contract)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(user=request.user, contract=contract, **serializer.validated_data)
        return self._answer(contract)

    @extend_schema(request=ExtendSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=ExtendSerializer)
    def extend(self, request, pk=None, **kwargs):
        """GET: the contract. POST: exercise its next extension option (commissioning.exercise_extension)."""
        return self._act(request, "commissioning.exercise_extension", ExtendSerializer, services.contract_extend)

    @extend_schema(request=AmendSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=AmendSerializer)
    def amend(self, request, pk=None, **kwargs):
        """GET: the contract. POST: record a variation of value, scope or term, or an early termination."""
        return self._act(request, "commissioning.add_contractamendment", AmendSerializer, services.contract_amend)

    @extend_schema(request=ReprocureSerializer, responses={200: ContractSerializer, 201: ProcurementPlanSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=ReprocureSerializer)
    def reprocure(self, request, pk=None, **kwargs):
        """GET: the contract. POST: plan its re-procurement (a live contract with no extension option
        left): a procurement linked to it, owned by you, for the same organisations, service lines and
        funding streams, on the `template`'s route, with a plan whose new contract must start the day
        after the contract runs out. Answers the plan (201). A contract with an option left is refused."""
        from commissioning import procurement_selectors
        from commissioning.services.plans import contract_reprocure

        if not request.user.has_perm("commissioning.add_procurement"):
            self.permission_denied(request, message="Your role may not start procurements.")
        contract = self.get_object()
        if request.method == "GET":
            return self._answer(contract)
        serializer = ReprocureSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        plan = contract_reprocure(user=request.user, contract=contract, **serializer.validated_data)
        fresh = procurement_selectors.plan_list(request.user).get(pk=plan.pk)
        return Response(ProcurementPlanSerializer(fresh, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=ReviewSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=ReviewSerializer)
    def review(self, request, pk=None, **kwargs):
        """GET: the contract. POST: record a review; the next review date moves on by its schedule."""
        return self._act(request, "commissioning.change_contract", ReviewSerializer, services.contract_review_record)


class AmendmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Amendments of the contracts you may see, in order (filter with `contract`)."""

    serializer_class = AmendmentSerializer
    filterset_fields = ["contract", "kind", "notice_kind"]
    queryset = ContractAmendment.objects.none()

    def get_queryset(self):
        return ContractAmendment.objects.visible_to(self.request.user).order_by("-id")


class ProviderViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Providers' commissioning details: charity and company numbers, services offered, accreditations."""

    serializer_class = ProviderSerializer
    filterset_fields = ["charity_number", "company_number"]
    never_deleted = "Providers are never deleted (contracts name them)."
    queryset = ProviderProfile.objects.none()

    def get_queryset(self):
        return selectors.provider_detail(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = provider_services.provider_profile_save(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        serializer.instance = provider_services.provider_profile_save(
            user=self.request.user, organisation=serializer.instance.organisation, **data
        )


class AccreditationViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Providers' accreditations and approvals, with status and expiry."""

    serializer_class = AccreditationSerializer
    filterset_fields = ["provider", "status"]
    never_deleted = "Accreditations are not deleted: mark one lapsed."
    queryset = Accreditation.objects.none()

    def get_queryset(self):
        return Accreditation.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = provider_services.accreditation_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = provider_services.accreditation_save(
            user=self.request.user, accreditation=serializer.instance, **serializer.validated_data
        )


class KpiViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Contract KPIs of the contracts you may see (filter with `contract`)."""

    serializer_class = KpiSerializer
    filterset_fields = ["contract"]
    queryset = ContractKpi.objects.none()

    def get_queryset(self):
        return ContractKpi.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        contract = data.pop("contract")
        if not Contract.objects.visible_to(self.request.user).filter(pk=contract.pk).exists():
            raise NotFound
        serializer.instance = kpi_services.kpi_save(user=self.request.user, contract=contract, **data)


class KpiReturnViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """KPI returns with their Procurement Act 2023 rating (filter with `kpi`)."""

    serializer_class = KpiReturnSerializer
    filterset_fields = ["kpi", "rating"]
    queryset = KpiReturn.objects.none()

    def get_queryset(self):
        return KpiReturn.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        kpi = data.pop("kpi")
        if not ContractKpi.objects.visible_to(self.request.user).filter(pk=kpi.pk).exists():
            raise NotFound
        serializer.instance = kpi_services.kpi_return_record(user=self.request.user, kpi=kpi, **data)


class ThresholdViewSet(viewsets.ModelViewSet):
    """The scheme of delegation: above which value a change needs which body's decision."""

    serializer_class = ThresholdSerializer
    queryset = DecisionThreshold.objects.none()

    def get_queryset(self):
        user = self.request.user
        queryset = DecisionThreshold.objects.all()
        if not user.is_superuser:
            queryset = queryset.filter(organisation_id=user.organisation_id) | queryset.filter(
                organisation__isnull=True
            )
        if self.action not in ("list", "retrieve") and not user.is_superuser:
            queryset = DecisionThreshold.objects.filter(organisation_id=user.organisation_id)
        return queryset.order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = threshold_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = threshold_save(
            user=self.request.user, threshold=serializer.instance, **serializer.validated_data
        )
