"""Pages for breaks, grants and vouchers: a carer's applications, decisions, voucher redemptions,
the managers' list, and spend by financial year (aggregated)."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from carers.grants import selectors, services
from carers.grants.filters import GrantFilterSet
from carers.grants.forms import GrantDecisionForm, GrantForm, VoucherRedemptionForm
from carers.grants.tables import GrantTable
from carers.models import Carer
from common.views import (
    RoleCreateView,
    RoleDetailView,
    RoleListView,
    RolePermissionMixin,
    RoleUpdateView,
    ServiceFormView,
)


class GrantListView(RoleListView):
    """Every grant the user may see, filtered (a carer's own list with ?carer=<id>)."""

    permission_required = "carers.view_carergrant"
    filterset_class = GrantFilterSet
    table_class = GrantTable
    template_name = "carers/grants/carergrant_list.html"
    create_url_name = "carers:grant_create"
    create_permission = "carers.add_carergrant"

    def get_queryset(self):
        return selectors.grant_list(self.request.user).order_by("-applied_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        carer_id = self.request.GET.get("carer", "")
        context["carer"] = (
            Carer.objects.visible_to(self.request.user).filter(pk=carer_id).first() if carer_id.isdigit() else None
        )
        return context


class GrantDetailView(RoleDetailView):
    permission_required = "carers.view_carergrant"
    change_permission = "carers.change_carergrant"
    template_name = "carers/grants/carergrant_detail.html"

    def get_queryset(self):
        return selectors.grant_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["redemptions"] = selectors.grant_redemptions(self.object)
        context["can_redeem"] = self.request.user.has_perm("carers.add_voucherredemption")
        return context


class GrantCreateView(RoleCreateView):
    """Record an application from the carer's context (?carer=<id>)."""

    permission_required = "carers.add_carergrant"
    form_class = GrantForm
    template_name = "carers/grants/carergrant_form.html"
    success_message = "The application was recorded."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        carer = self.request.GET.get("carer", "")
        return {"carer_id": int(carer)} if carer.isdigit() else {}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data.pop("carer_id")
        return services.grant_apply(**data)


class GrantUpdateView(RoleUpdateView):
    permission_required = "carers.change_carergrant"
    form_class = GrantForm
    template_name = "carers/grants/carergrant_form.html"
    success_message = "The application was updated."

    def get_queryset(self):
        return selectors.grant_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return services.grant_update(grant=self.object, **form.cleaned_data)


class GrantDecideView(ServiceFormView):
    """Approve or decline an application."""

    permission_required = "carers.change_carergrant"
    form_class = GrantDecisionForm
    template_name = "carers/grants/carergrant_decide.html"

    @cached_property
    def object(self):
        # Looked up after the permission check (a refused role gets 403, not 404).
        return get_object_or_404(selectors.grant_list(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        from django.utils import timezone

        grant = self.object
        return {
            "decided_on": timezone.localdate(),
            "amount_awarded": grant.amount_requested,
            "vouchers_issued": grant.vouchers_requested,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"object": self.object}

    def run_service(self, form):
        return services.grant_decide(grant=self.object, user=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        return f"The application was {self.object.get_status_display().lower()}."


class VoucherRedeemView(RoleCreateView):
    """Record vouchers a provider redeemed against a Take a Break award (pk is the award)."""

    permission_required = "carers.add_voucherredemption"
    form_class = VoucherRedemptionForm
    template_name = "carers/grants/voucherredemption_form.html"
    success_message = "The vouchers were recorded as redeemed."

    @cached_property
    def grant(self):
        return get_object_or_404(selectors.grant_list(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"grant": self.grant}

    def run_service(self, form):
        return services.voucher_redeem(grant=self.grant, **form.cleaned_data)

    def get_success_url(self):
        return self.grant.get_absolute_url()


class GrantSpendView(RolePermissionMixin, TemplateView):
    """Spend on grants and direct payments per financial year: aggregated, for commissioners and finance."""

    permission_required = "carers.view_carer_statistics"
    template_name = "carers/grants/grant_spend.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        organisation = None if user.is_superuser else user.organisation
        return super().get_context_data(**kwargs) | {
            "rows": selectors.grant_spend_by_year(organisation) if organisation or user.is_superuser else [],
            "organisation": organisation,
        }
