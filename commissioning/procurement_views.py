"""Pages of the procurement pipeline: the board by stage, a procurement with its lots and stage
history, the forms that create, edit, move and cancel it, lots with their bidders, award and
evaluation, and the risk register with its matrix."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView
from django_filters.views import FilterView

from commissioning import plans
from commissioning import procurement_selectors as selectors
from commissioning.choices import PLANNED_STAGES, Stage, allowed_next
from commissioning.filters import ProcurementFilterSet, RiskFilterSet
from commissioning.models import Bid, Lot, PlanTemplate, Procurement, ProcurementPlan, Risk
from commissioning.procurement_forms import (
    AwardForm,
    BidForm,
    CancelForm,
    CriterionForm,
    LotForm,
    MoveForm,
    PlanForm,
    PlanTemplateForm,
    ProcurementForm,
    ReprocureForm,
    RiskForm,
    ScoreForm,
)
from commissioning.querysets import CHANGE
from commissioning.services import evaluation as evaluation_services
from commissioning.services import plans as plan_services
from commissioning.services import procurements as services
from commissioning.services import risks as risk_services
from commissioning.services.procurements import weight_problems
from common.views import RoleCreateView, RoleDetailView, RolePermissionMixin, RoleUpdateView, ServiceFormView
from consultations import selectors as consultation_selectors


class ProcurementBoardView(RolePermissionMixin, FilterView):
    """The pipeline: procurements by stage, filtered by owner, route or words of the title."""

    permission_required = "commissioning.view_procurement"
    filterset_class = ProcurementFilterSet
    template_name = "commissioning/procurement_list.html"

    def get_queryset(self):
        return selectors.procurement_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = selectors.procurement_board(context["object_list"])
        context["can_create"] = self.request.user.has_perm("commissioning.add_procurement")
        return context


class ProcurementDetailView(RoleDetailView):
    permission_required = "commissioning.view_procurement"
    change_permission = "commissioning.change_procurement"
    template_name = "commissioning/procurement_detail.html"

    def get_queryset(self):
        return selectors.procurement_detail(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procurement = self.object
        user = self.request.user
        keeps = user.is_superuser or procurement.organisation_id == user.organisation_id
        lots = list(procurement.lots.all())
        total = sum((lot.value for lot in lots), 0)
        over = total - procurement.estimated_value
        context |= {
            "keeps": keeps,
            "can_change": context["can_change"] and keeps,
            "lots": lots,
            "lot_total": total,
            "lot_warning": services.lot_warning(procurement) if over > 0 else "",
            "next_stages": [Stage(s) for s in allowed_next(procurement.stage, procurement.route)],
            "can_add_risk": keeps and user.has_perm("commissioning.add_risk"),
            "can_plan": keeps
            and user.has_perm("commissioning.add_procurementplan")
            and user.has_perm("commissioning.change_procurement")
            and procurement.stage not in (Stage.LIVE, Stage.CANCELLED),
            "procurement_consultations": consultation_selectors.events_informing_procurement(user, procurement),
        }
        context |= selectors.procurement_plan(procurement)
        return context


class ProcurementCreateView(RoleCreateView):
    permission_required = "commissioning.add_procurement"
    form_class = ProcurementForm
    template_name = "commissioning/procurement_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def run_service(self, form):
        return services.procurement_create(user=self.request.user, **form.cleaned_data)


class ProcurementUpdateView(RoleUpdateView):
    permission_required = "commissioning.change_procurement"
    form_class = ProcurementForm
    template_name = "commissioning/procurement_form.html"

    def get_queryset(self):
        return Procurement.objects.visible_to(self.request.user, CHANGE)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return services.procurement_update(user=self.request.user, procurement=self.object, **form.cleaned_data)


class _ProcurementActionView(ServiceFormView):
    """A form about one procurement the user's organisation keeps (others: 404)."""

    permission_required = "commissioning.change_procurement"

    @cached_property
    def procurement(self):
        return get_object_or_404(Procurement.objects.visible_to(self.request.user, CHANGE), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"procurement": self.procurement}

    def get_success_url(self):
        return self.procurement.get_absolute_url()


class ProcurementMoveView(_ProcurementActionView):
    """Move the procurement to the next stage (the transition's own service checks it)."""

    form_class = MoveForm
    template_name = "commissioning/procurement_move.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"procurement": self.procurement}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_stages"] = [Stage(s) for s in allowed_next(self.procurement.stage, self.procurement.route)]
        return context

    def get_success_message(self):
        return f"The procurement moved to {self.object.get_stage_display().lower()}."

    def run_service(self, form):
        return services.procurement_move(user=self.request.user, procurement=self.procurement, **form.cleaned_data)


class ProcurementCancelView(_ProcurementActionView):
    form_class = CancelForm
    template_name = "commissioning/procurement_cancel.html"
    success_message = "The procurement was cancelled."

    def run_service(self, form):
        return services.procurement_cancel(user=self.request.user, procurement=self.procurement, **form.cleaned_data)


class ProcurementLotCreateView(_ProcurementActionView):
    permission_required = "commissioning.add_lot"
    form_class = LotForm
    template_name = "commissioning/lot_form.html"
    success_message = "{object} was added."

    def run_service(self, form):
        return services.lot_save(user=self.request.user, procurement=self.procurement, **form.cleaned_data)

    def get_success_url(self):
        return self.procurement.get_absolute_url()


class ProcurementRiskCreateView(_ProcurementActionView):
    permission_required = "commissioning.add_risk"
    form_class = RiskForm
    template_name = "commissioning/risk_form.html"
    success_message = "The risk was added."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"procurement": self.procurement.pk, "owner": self.request.user.pk}

    def run_service(self, form):
        return risk_services.risk_save(user=self.request.user, **form.cleaned_data)


# --- Lots and bidders ------------------------------------------------------------------------------
class LotDetailView(RoleDetailView):
    permission_required = "commissioning.view_lot"
    change_permission = "commissioning.change_lot"
    template_name = "commissioning/lot_detail.html"

    def get_queryset(self):
        return selectors.lot_detail(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        keeps = user.is_superuser or self.object.procurement.organisation_id == user.organisation_id
        context |= {
            "keeps": keeps,
            "can_change": context["can_change"] and keeps,
            "can_award": keeps and user.has_perm("commissioning.award_lot") and not self.object.contract_id,
            "weight_problems": weight_problems(self.object),
        }
        return context


class _LotActionView(ServiceFormView):
    """A form about one lot of a procurement the user's organisation keeps (others: 404)."""

    @cached_property
    def lot(self):
        changeable = Procurement.objects.visible_to(self.request.user, CHANGE).values("pk")
        return get_object_or_404(
            Lot.objects.filter(procurement__in=changeable).select_related("procurement"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"lot": self.lot, "procurement": self.lot.procurement}

    def get_success_url(self):
        return self.lot.get_absolute_url()


class LotUpdateView(_LotActionView):
    permission_required = "commissioning.change_lot"
    form_class = LotForm
    template_name = "commissioning/lot_form.html"
    success_message = "{object} was updated."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.lot}

    def run_service(self, form):
        return services.lot_save(
            user=self.request.user, procurement=self.lot.procurement, lot=self.lot, **form.cleaned_data
        )


class LotBidCreateView(_LotActionView):
    permission_required = "commissioning.add_bid"
    form_class = BidForm
    template_name = "commissioning/bid_form.html"
    success_message = "The bidder was added."

    def run_service(self, form):
        return services.bid_add(user=self.request.user, lot=self.lot, **form.cleaned_data)


class LotAwardView(_LotActionView):
    """Award the lot: its contract goes into the register."""

    permission_required = "commissioning.award_lot"
    form_class = AwardForm
    template_name = "commissioning/lot_award.html"
    success_message = "The lot was awarded and its contract added to the register."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"lot": self.lot}

    def run_service(self, form):
        return services.lot_award(user=self.request.user, lot=self.lot, **form.cleaned_data)


class LotCriterionCreateView(_LotActionView):
    permission_required = "commissioning.add_criterion"
    form_class = CriterionForm
    template_name = "commissioning/criterion_form.html"
    success_message = "The criterion was added."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"lot": self.lot}

    def run_service(self, form):
        return evaluation_services.criterion_add(user=self.request.user, lot=self.lot, **form.cleaned_data)

    def get_success_url(self):
        return reverse("commissioning:lot_evaluation", args=[self.lot.pk])


class LotScoreView(_LotActionView):
    """Record an evaluator's score, or the agreed (moderated) score."""

    permission_required = "commissioning.add_score"
    form_class = ScoreForm
    template_name = "commissioning/score_form.html"
    success_message = "The score was recorded."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"lot": self.lot}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        comment = data.pop("comment")
        if data.pop("agreed"):
            return evaluation_services.score_agree(user=self.request.user, note=comment, **data)
        return evaluation_services.score_record(user=self.request.user, comment=comment, **data)

    def get_success_url(self):
        return reverse("commissioning:lot_evaluation", args=[self.lot.pk])


class LotEvaluationView(RoleDetailView):
    """A lot's criteria, every evaluator's scores, the agreed scores, weighted totals and ranks."""

    permission_required = "commissioning.view_score"
    template_name = "commissioning/lot_evaluation.html"
    show_history = False  # the lot's own page shows it; not read here

    def get_queryset(self):
        return Lot.objects.visible_to(self.request.user).select_related("procurement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        keeps = user.is_superuser or self.object.procurement.organisation_id == user.organisation_id
        context |= selectors.lot_evaluation(self.object)
        context |= {
            "keeps": keeps,
            "can_score": keeps and user.has_perm("commissioning.add_score"),
            "can_add_criterion": keeps and user.has_perm("commissioning.add_criterion"),
        }
        return context


class BidUpdateView(ServiceFormView):
    """Move a bidder on (shortlisted, invited, submitted) or out (withdrawn, excluded with reason)."""

    permission_required = "commissioning.change_bid"
    form_class = BidForm
    template_name = "commissioning/bid_form.html"
    success_message = "The bidder was updated."

    @cached_property
    def bid(self):
        return get_object_or_404(
            Bid.objects.visible_to(self.request.user, CHANGE).select_related("lot", "lot__procurement", "bidder"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.bid}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "bid": self.bid,
            "lot": self.bid.lot,
            "procurement": self.bid.lot.procurement,
        }

    def run_service(self, form):
        return services.bid_update(user=self.request.user, bid=self.bid, **form.cleaned_data)

    def get_success_url(self):
        return self.bid.lot.get_absolute_url()


# --- Risks ---------------------------------------------------------------------------------------
class RiskListView(RolePermissionMixin, FilterView):
    """The risk register with its likelihood × impact matrix and the matrix's table."""

    permission_required = "commissioning.view_risk"
    filterset_class = RiskFilterSet
    template_name = "commissioning/risk_list.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.risk_list(self.request.user).order_by("-rating_value", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "matrix": selectors.risk_matrix(self.request.user),
            "can_create": self.request.user.has_perm("commissioning.add_risk"),
        }


class RiskDetailView(RoleDetailView):
    permission_required = "commissioning.view_risk"
    change_permission = "commissioning.change_risk"
    template_name = "commissioning/risk_detail.html"

    def get_queryset(self):
        return selectors.risk_list(self.request.user)


class RiskCreateView(RoleCreateView):
    permission_required = "commissioning.add_risk"
    form_class = RiskForm
    template_name = "commissioning/risk_form.html"
    success_message = "The risk was added."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def run_service(self, form):
        return risk_services.risk_save(user=self.request.user, **form.cleaned_data)


class RiskUpdateView(RoleUpdateView):
    permission_required = "commissioning.change_risk"
    form_class = RiskForm
    template_name = "commissioning/risk_form.html"

    def get_queryset(self):
        return Risk.objects.visible_to(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return risk_services.risk_save(user=self.request.user, risk=self.object, **form.cleaned_data)


# --- Plans (issue 14, item 6) ------------------------------------------------------------------
class PlanTemplateListView(RolePermissionMixin, ListView):
    """The plan templates: each stage's standard duration, for the organisation's routes."""

    permission_required = "commissioning.view_plantemplate"
    template_name = "commissioning/plantemplate_list.html"

    def get_queryset(self):
        return selectors.plan_template_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "can_create": user.has_perm("commissioning.add_plantemplate") and bool(user.organisation_id),
            "can_change": user.has_perm("commissioning.change_plantemplate"),
            "planned_stages": [Stage(s) for s in PLANNED_STAGES],
        }


class PlanTemplateCreateView(ServiceFormView):
    permission_required = "commissioning.add_plantemplate"
    form_class = PlanTemplateForm
    template_name = "commissioning/plantemplate_form.html"
    success_message = "The plan template {object} was added."

    def run_service(self, form):
        return plan_services.plan_template_save(user=self.request.user, **form.service_kwargs())

    def get_success_url(self):
        return reverse("commissioning:plantemplate_list")


class PlanTemplateUpdateView(ServiceFormView):
    permission_required = "commissioning.change_plantemplate"
    form_class = PlanTemplateForm
    template_name = "commissioning/plantemplate_form.html"
    success_message = "The plan template {object} was updated."

    @cached_property
    def template(self):
        return get_object_or_404(
            PlanTemplate.objects.visible_to(self.request.user, CHANGE).prefetch_related("stages"), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"template": self.template}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"object": self.template}

    def run_service(self, form):
        return plan_services.plan_template_save(user=self.request.user, template=self.template, **form.service_kwargs())

    def get_success_url(self):
        return reverse("commissioning:plantemplate_list")


class ProcurementPlanView(_ProcurementActionView):
    """Plan the procurement, or change its plan: template and must-start date (rescheduled)."""

    permission_required = "commissioning.add_procurementplan"
    form_class = PlanForm
    template_name = "commissioning/procurement_plan.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user, "procurement": self.procurement}

    def get_initial(self):
        plan = ProcurementPlan.objects.filter(procurement=self.procurement).first()
        if plan is not None:
            return {"template": plan.template_id, "must_start_on": plan.must_start_on}
        return {}

    def get_success_message(self):
        return f"The plan was saved: every stage is scheduled back from {self.object.must_start_on:%-d %B %Y}."

    def run_service(self, form):
        return plan_services.procurement_plan_save(
            user=self.request.user, procurement=self.procurement, **form.cleaned_data
        )

    def get_success_url(self):
        return f"{self.procurement.get_absolute_url()}#plan"


class ContractReprocureView(ServiceFormView):
    """Plan the re-procurement of a live contract with no extension option left: a procurement
    linked to it with a plan whose new contract starts the day after it runs out."""

    permission_required = "commissioning.add_procurement"
    form_class = ReprocureForm
    template_name = "commissioning/contract_reprocure.html"
    success_message = "The re-procurement was planned: {object.procurement.reference}."

    @cached_property
    def contract(self):
        from commissioning import selectors as contract_selectors
        from commissioning.models import Contract

        changeable = Contract.objects.visible_to(self.request.user, CHANGE).values("pk")
        return get_object_or_404(
            contract_selectors.contract_detail(self.request.user).filter(pk__in=changeable), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        contract = self.contract
        refusal = plans.reprocurement_refusal(contract, timezone.localdate())
        under_way = contract.reprocurements.exclude(stage=Stage.CANCELLED).first()
        return super().get_context_data(**kwargs) | {
            "contract": contract,
            "refusal": refusal,
            "under_way": under_way,
            "must_start_on": plans.reprocurement_start(contract),
        }

    def run_service(self, form):
        return plan_services.contract_reprocure(user=self.request.user, contract=self.contract, **form.cleaned_data)

    def get_success_url(self):
        return f"{self.object.procurement.get_absolute_url()}#plan"
