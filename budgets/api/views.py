"""The budgets API: the same rules as the pages (finance officers edit, commissioners read, CSC
and brokerage officers have no access); every write goes through budgets.services."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from budgets import selectors, services
from budgets.api.serializers import AllocationSerializer, BreakdownSerializer, BudgetSerializer, SpendSerializer
from budgets.exports import breakdown_queryset, breakdown_totals, line_commitments
from budgets.models import Allocation, Budget, Spend
from budgets.views import breakdown_csv


class BudgetViewSet(viewsets.ModelViewSet):
    """Budgets of the user's organisation per financial year. `GET .../breakdown/` gives every line
    with its allocated amount (`?format=csv` streams the same breakdown as the page's export)."""

    queryset = Budget.objects.none()
    serializer_class = BudgetSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["year", "id"]
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        return selectors.budget_list(self.request.user).order_by("-year", "id")

    def perform_create(self, serializer):
        user = self.request.user
        if not user.organisation_id:
            raise ValidationError({"organisation": ["Only an officer of an organisation can set its budget."]})
        data = dict(serializer.validated_data)
        data.pop("status", None)
        budget = services.budget_create(organisation=user.organisation, **data)
        serializer.instance = self._as_listed(budget)

    def perform_update(self, serializer):
        budget = services.budget_update(budget=serializer.instance, **serializer.validated_data)
        serializer.instance = self._as_listed(budget)

    def _as_listed(self, budget):
        """The budget as the list reads it, its allocated amount included."""
        return self.get_queryset().get(pk=budget.pk)

    @extend_schema(responses=BreakdownSerializer)
    @action(detail=True, methods=["get"])
    def breakdown(self, request, pk=None):
        """Every allocation line of the budget, in order, with allocated, committed, spent,
        remaining, forecast outturn and the over-allocation flag, then the totals rows
        (`?format=csv` streams the same breakdown as the page's export)."""
        budget = self.get_object()
        if request.query_params.get("format") == "csv":
            if not request.user.has_perm("budgets.export_budget"):
                raise PermissionDenied
            return breakdown_csv(budget, f"budget-{budget.pk}.csv")
        committed, unmatched = line_commitments(budget)
        names = ["line", "allocated", "committed", "spent", "remaining", "outturn", "over"]
        totals = [dict(zip(names, row, strict=True)) for row in breakdown_totals(budget, committed, unmatched)]
        data = {
            "total": budget.total,
            "allocated": selectors.budget_totals(budget).allocated,
            "lines": breakdown_queryset(budget, committed),
            "totals": totals,
        }
        return Response(BreakdownSerializer(data).data)

    @extend_schema(request=None, responses=BudgetSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a draft budget whose funding adds up to its total (budgets.approve_budget)."""
        budget = services.budget_approve(budget=self.get_object(), user=request.user)
        return Response(BudgetSerializer(self._as_listed(budget)).data)


class AllocationViewSet(viewsets.ModelViewSet):
    """Lines of budgets. A save that would allocate more than the budget's total is refused with
    how much is left (409 never: 400 with the error on `amount`)."""

    queryset = Allocation.objects.none()
    serializer_class = AllocationSerializer
    filterset_fields = ["budget"]
    ordering_fields = ["id"]

    def get_queryset(self):
        return Allocation.objects.visible_to(self.request.user).order_by("id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.allocation_save(**data)

    def perform_update(self, serializer):
        current = serializer.instance
        data = {
            "budget": current.budget,
            "service_line": current.service_line,
            "description": current.description,
            "amount": current.amount,
            "delivery_method": current.delivery_method,
            "funding_stream": current.funding_stream,
            "group": current.group,
            "note": current.note,
        } | dict(serializer.validated_data)
        data["budget"] = current.budget
        serializer.instance = services.allocation_save(allocation=current, **data)

    def perform_destroy(self, instance):
        services.allocation_delete(allocation=instance)


class SpendViewSet(viewsets.ModelViewSet):
    """Actual spend per allocation line and month. Recording a line's month again replaces its
    figure; the month must fall in the budget's financial year; a closed budget's spend is final."""

    queryset = Spend.objects.none()
    serializer_class = SpendSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["allocation", "allocation__budget"]
    ordering_fields = ["id", "month"]

    def get_queryset(self):
        return Spend.objects.visible_to(self.request.user).order_by("id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.spend_record(
            allocation=data["allocation"],
            month=data["month"],
            amount=data["amount"],
            note=data.get("note", ""),
            user=self.request.user,
        )
