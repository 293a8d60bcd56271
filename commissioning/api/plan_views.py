"""API of procurement plans: plan templates (reference data) and procurements' plans. Writes go
through the services the pages use (commissioning.services.plans), so the API refuses what the
pages refuse, with the same messages; another council's records are not found. Planning a
contract's re-procurement is the contracts' `reprocure` action (commissioning.api.views)."""

from rest_framework import viewsets

from commissioning import procurement_selectors as selectors
from commissioning.api.plan_serializers import (
    PlanTemplateSerializer,
    ProcurementPlanSerializer,
    ProcurementPlanUpdateSerializer,
)
from commissioning.models import PlanTemplate, ProcurementPlan
from commissioning.querysets import CHANGE
from commissioning.services import plans as services
from common.api.mixins import NeverDeletedMixin


class PlanTemplateViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Plan templates: your organisation's and the deployment's (filter with `route`, `is_active`).

    POST adds one to your organisation, PUT/PATCH change one of your organisation's: `stages` lists
    each stage the route goes through with its standard duration (`duration` 1 or more, `unit`
    days or weeks). A stage the route must go through without a duration, or a duration under 1,
    is refused on that stage's field (`market_engagement_duration`). Stop offering a template with
    `is_active`: templates are not deleted (plans name them)."""

    serializer_class = PlanTemplateSerializer
    filterset_fields = ["route", "is_active"]
    never_deleted = "Plan templates are not deleted: set is_active to false to stop offering one."
    queryset = PlanTemplate.objects.none()

    def get_queryset(self):
        if self.action in ("update", "partial_update"):
            return PlanTemplate.objects.visible_to(self.request.user, CHANGE).prefetch_related("stages").order_by("id")
        return selectors.plan_template_list(self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.instance = services.plan_template_save(user=self.request.user, **serializer.service_kwargs())

    def perform_update(self, serializer):
        serializer.instance = services.plan_template_save(
            user=self.request.user, template=serializer.instance, **serializer.service_kwargs()
        )


class ProcurementPlanViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Plans of the procurements you may see (filter with `procurement`), each stage with its
    planned start and end, and whether the procurement is late against it.

    POST plans a procurement your organisation runs (`procurement`, `template` for its route,
    `must_start_on`: today or later); PUT/PATCH change its template or must-start date, which
    reschedules every stage backwards from that date."""

    serializer_class = ProcurementPlanSerializer
    filterset_fields = ["procurement"]
    never_deleted = "Plans are not deleted: change the plan instead."
    queryset = ProcurementPlan.objects.none()

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ProcurementPlanUpdateSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = selectors.plan_list(self.request.user)
        if self.action in ("update", "partial_update"):
            queryset = queryset.filter(
                pk__in=ProcurementPlan.objects.visible_to(self.request.user, CHANGE).values("pk")
            )
        return queryset.order_by("-id")

    def _fresh(self, plan):
        return selectors.plan_list(self.request.user).get(pk=plan.pk)

    def perform_create(self, serializer):
        plan = services.procurement_plan_save(user=self.request.user, **serializer.validated_data)
        serializer.instance = self._fresh(plan)

    def perform_update(self, serializer):
        plan = serializer.instance
        data = {"template": plan.template, "must_start_on": plan.must_start_on} | dict(serializer.validated_data)
        plan = services.procurement_plan_save(user=self.request.user, procurement=plan.procurement, **data)
        serializer.instance = self._fresh(plan)
