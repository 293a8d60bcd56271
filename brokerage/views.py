"""Pages of brokerage: personal budgets, frameworks and applications, call-offs with the bid
comparison, the person's choice, care packages and reviews, monitoring and the review grid."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from brokerage import choices as b
from brokerage import forms, selectors, services
from brokerage.filters import (
    ApplicationFilterSet,
    BudgetFilterSet,
    CallOffFilterSet,
    FrameworkFilterSet,
    PackageFilterSet,
    ProviderPackageFilterSet,
    TransferFilterSet,
)
from brokerage.models import CarePackage
from brokerage.tables import (
    ApplicationTable,
    BudgetTable,
    CallOffTable,
    FrameworkTable,
    PackageTable,
    ProviderPackageTable,
    TransferTable,
)
from carers.services import access_log_record
from common.views import (
    RoleCreateView,
    RoleDetailView,
    RoleListView,
    RolePermissionMixin,
    RoleUpdateView,
    ServiceFormView,
)

LIST = "brokerage/list.html"
FORM = "brokerage/form.html"


class _Titled:
    """Heading and caption of a shared list or form template."""

    heading = ""
    caption = "Brokerage"
    create_label = "Add"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "heading": self.heading,
            "caption": self.caption,
            "create_label": self.create_label,
            "sections": SECTIONS,
        }


# Brokerage's sub-navigation: (label, url name, permission).
SECTIONS = [
    ("Call-offs", "brokerage:calloff_list", "brokerage.view_calloff"),
    ("Frameworks", "brokerage:framework_list", "brokerage.view_framework"),
    ("Applications", "brokerage:providerapplication_list", "brokerage.view_providerapplication"),
    ("Personal budgets", "brokerage:personalbudget_list", "brokerage.view_personalbudget"),
    ("Care packages", "brokerage:carepackage_list", "brokerage.view_carepackage"),
    ("Transfers", "brokerage:packagetransfer_list", "brokerage.view_packagetransfer"),
    ("Monitoring", "brokerage:monitoring", "brokerage.view_package_totals"),
    ("Review outcomes", "brokerage:review_summary", "brokerage.view_packagereview"),
]


class _Child(ServiceFormView):
    """A form page acting on one record (`parent_selector` scopes it: out of scope is 404)."""

    template_name = FORM
    heading = ""

    def parent_queryset(self):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @cached_property
    def parent(self):
        # Looked up after the permission check: a refused role gets 403, not 404.
        return get_object_or_404(self.parent_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "heading": self.heading,
            "caption": str(self.parent),
            "cancel_url": self.parent.get_absolute_url(),
            "object": self.parent,
        }


# --- Personal budgets ---------------------------------------------------------------------------


class BudgetListView(_Titled, RoleListView):
    permission_required = "brokerage.view_personalbudget"
    filterset_class = BudgetFilterSet
    table_class = BudgetTable
    template_name = LIST
    heading = "Personal budgets"
    create_label = "Set a personal budget"
    create_url_name = "brokerage:personalbudget_create"
    create_permission = "brokerage.add_personalbudget"

    def get_queryset(self):
        return selectors.budget_list(self.request.user).order_by("-start_on", "-id")


class BudgetDetailView(RoleDetailView):
    permission_required = "brokerage.view_personalbudget"
    change_permission = "brokerage.change_personalbudget"
    template_name = "brokerage/personalbudget_detail.html"

    def get_queryset(self):
        return selectors.budget_list(self.request.user)

    def get_object(self, queryset=None):
        budget = super().get_object(queryset)
        access_log_record(carer_id=budget.carer_id, user=self.request.user, path=self.request.path)
        return budget

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "packages": selectors.with_spend(self.object.packages.select_related("provider", "personal_budget")),
            "calloffs": self.object.calloffs.all(),
            "can_calloff": self.request.user.has_perm("brokerage.add_calloff"),
        }


class BudgetCreateView(_Titled, RoleCreateView):
    permission_required = "brokerage.add_personalbudget"
    form_class = forms.BudgetForm
    template_name = FORM
    heading = "Set a personal budget"
    success_message = "The personal budget was set."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        carer = self.request.GET.get("carer", "")
        return {"carer_id": int(carer)} if carer.isdigit() else {}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data.pop("carer_id")
        data.pop("cared_for_id")
        return services.budget_create(user=self.request.user, **data)


class BudgetUpdateView(_Titled, RoleUpdateView):
    permission_required = "brokerage.change_personalbudget"
    form_class = forms.BudgetForm
    template_name = FORM
    heading = "Change the personal budget"
    success_message = "The personal budget was updated."

    def get_queryset(self):
        return selectors.budget_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return services.budget_update(budget=self.object, **form.cleaned_data)


# --- Frameworks and applications ----------------------------------------------------------------


class FrameworkListView(_Titled, RoleListView):
    permission_required = "brokerage.view_framework"
    filterset_class = FrameworkFilterSet
    table_class = FrameworkTable
    template_name = LIST
    heading = "Open frameworks"
    create_label = "Set up a framework"
    create_url_name = "brokerage:framework_create"
    create_permission = "brokerage.add_framework"

    def get_queryset(self):
        return selectors.framework_list(self.request.user).order_by("name", "id")


class FrameworkDetailView(RoleDetailView):
    permission_required = "brokerage.view_framework"
    change_permission = "brokerage.change_framework"
    template_name = "brokerage/framework_detail.html"

    def get_queryset(self):
        return selectors.framework_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        return super().get_context_data(**kwargs) | {
            "windows": self.object.windows.all(),
            "open_window": self.object.windows.filter(opens_on__lte=today, closes_on__gte=today).first(),
            "admitted": selectors.admitted_providers(self.object),
            "applications": selectors.application_list(user).filter(framework=self.object)
            if user.has_perm("brokerage.view_providerapplication")
            else None,
            "can_apply": user.has_perm("brokerage.add_providerapplication"),
            "can_window": user.has_perm("brokerage.add_evaluationwindow"),
        }


class FrameworkCreateView(_Titled, RoleCreateView):
    permission_required = "brokerage.add_framework"
    form_class = forms.FrameworkForm
    template_name = FORM
    heading = "Set up an open framework"

    def run_service(self, form):
        return services.framework_create(user=self.request.user, **form.cleaned_data)


class FrameworkUpdateView(_Titled, RoleUpdateView):
    permission_required = "brokerage.change_framework"
    form_class = forms.FrameworkForm
    template_name = FORM
    heading = "Change the framework"

    def get_queryset(self):
        return selectors.framework_list(self.request.user)

    def run_service(self, form):
        return services.framework_update(framework=self.object, **form.cleaned_data)


class WindowCreateView(_Child):
    permission_required = "brokerage.add_evaluationwindow"
    form_class = forms.WindowForm
    heading = "Open an evaluation window"
    success_message = "The evaluation window was added."

    def parent_queryset(self):
        return selectors.framework_list(self.request.user)

    def run_service(self, form):
        services.window_add(framework=self.parent, **form.cleaned_data)
        return self.parent


class ApplicationCreateView(_Child):
    permission_required = "brokerage.add_providerapplication"
    form_class = forms.ApplicationForm
    heading = "Record a provider's application"
    success_message = "The application was recorded."

    def parent_queryset(self):
        return selectors.framework_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"framework": self.parent}

    def get_initial(self):
        return {"applied_on": timezone.localdate()}

    def run_service(self, form):
        return services.application_submit(framework=self.parent, **form.cleaned_data)


class ApplicationListView(_Titled, RoleListView):
    permission_required = "brokerage.view_providerapplication"
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    template_name = LIST
    heading = "Provider applications"

    def get_queryset(self):
        return selectors.application_list(self.request.user).order_by("-applied_on", "-id")


class ApplicationDetailView(RoleDetailView):
    permission_required = "brokerage.view_providerapplication"
    change_permission = "brokerage.add_applicationcheck"
    template_name = "brokerage/providerapplication_detail.html"

    def get_queryset(self):
        return selectors.application_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "checks": self.object.checks.all(),
            "can_decide": self.request.user.has_perm("brokerage.decide_providerapplication"),
        }


class CheckCreateView(_Child):
    permission_required = "brokerage.add_applicationcheck"
    form_class = forms.CheckForm
    heading = "Record a due diligence item or quality question"
    success_message = "The check was recorded."

    def parent_queryset(self):
        return selectors.application_list(self.request.user)

    def run_service(self, form):
        services.check_add(application=self.parent, **form.cleaned_data)
        return self.parent


class ApplicationDecideView(_Child):
    permission_required = "brokerage.decide_providerapplication"
    form_class = forms.DecisionForm
    heading = "Admit or refuse the provider"

    def parent_queryset(self):
        return selectors.application_list(self.request.user)

    def run_service(self, form):
        return services.application_decide(application=self.parent, user=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        return f"The application was {self.object.get_status_display().lower()}."


# --- Call-offs, bids and the choice -------------------------------------------------------------


class CallOffListView(_Titled, RoleListView):
    permission_required = "brokerage.view_calloff"
    filterset_class = CallOffFilterSet
    table_class = CallOffTable
    template_name = LIST
    heading = "Call-offs"
    create_label = "Advertise a call-off"
    create_url_name = "brokerage:calloff_create"
    create_permission = "brokerage.add_calloff"

    def get_queryset(self):
        return selectors.calloff_list(self.request.user).order_by("closes_at", "id")


class CallOffDetailView(RoleDetailView):
    """The call-off and its bid comparison: cost and quality points, total and rank from SQL."""

    permission_required = "brokerage.view_calloff"
    change_permission = "brokerage.change_calloff"
    template_name = "brokerage/calloff_detail.html"

    def get_queryset(self):
        return selectors.calloff_list(self.request.user).select_related("personal_budget")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "bids": selectors.ranked_bids(self.object),
            "can_bid": user.has_perm("brokerage.add_bid") and self.object.status == b.CallOffStatus.OPEN,
            "can_assess": user.has_perm("brokerage.change_bid"),
            "can_award": user.has_perm("brokerage.award_calloff"),
            "package": getattr(self.object, "package", None) if self.object.status == b.CallOffStatus.AWARDED else None,
        }


class CallOffAdvertView(RoleDetailView):
    """Exactly what admitted providers see of a call-off: no name, address or record number."""

    permission_required = "brokerage.view_calloff"
    template_name = "brokerage/calloff_advert.html"

    def get_queryset(self):
        return selectors.calloff_list(self.request.user)


class CallOffCreateView(_Titled, RoleCreateView):
    permission_required = "brokerage.add_calloff"
    form_class = forms.CallOffForm
    template_name = FORM
    heading = "Advertise a call-off"
    success_message = "The call-off was advertised to the framework's admitted providers."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        budget = self.request.GET.get("budget", "")
        return {"personal_budget_id": int(budget)} if budget.isdigit() else {"cost_weight": 40, "quality_weight": 60}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data.pop("personal_budget_id")
        return services.calloff_create(user=self.request.user, **data)


class CallOffUpdateView(_Titled, RoleUpdateView):
    permission_required = "brokerage.change_calloff"
    form_class = forms.CallOffForm
    template_name = FORM
    heading = "Change the call-off"

    def get_queryset(self):
        return selectors.calloff_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def run_service(self, form):
        return services.calloff_update(calloff=self.object, **form.cleaned_data)


class BidCreateView(_Child):
    permission_required = "brokerage.add_bid"
    form_class = forms.BidForm
    heading = "Record a bid"
    success_message = "The bid was recorded."

    def parent_queryset(self):
        return selectors.calloff_list(self.request.user)

    def get_initial(self):
        return {"received_at": timezone.localtime().replace(second=0, microsecond=0)}

    def run_service(self, form):
        services.bid_submit(calloff=self.parent, **form.cleaned_data)
        return self.parent


class CallOffCloseView(_Child):
    permission_required = "brokerage.change_calloff"
    heading = "Close the call-off to bids"
    success_message = "The call-off was closed; check and score its bids."

    def get_form_class(self):
        from django import forms as django_forms

        from common.forms import GovukFormMixin

        return type("CloseForm", (GovukFormMixin, django_forms.Form), {})

    def parent_queryset(self):
        return selectors.calloff_list(self.request.user)

    def run_service(self, form):
        return services.calloff_close(calloff=self.parent)


class BidAssessView(_Child):
    permission_required = "brokerage.change_bid"
    form_class = forms.BidAssessForm
    heading = "Score and check the bid"
    success_message = "The bid's score and check were recorded."

    def parent_queryset(self):
        from brokerage.models import Bid

        return Bid.objects.visible_to(self.request.user).select_related("provider", "calloff")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"questions": self.parent.calloff.question_list}

    def get_initial(self):
        bid = self.parent
        scores = {f"question_{row.number}": row.score for row in bid.question_scores.all()}
        return scores | {
            "quality_score": bid.quality_score,
            "suitable": {True: "true", False: "false"}.get(bid.suitable, ""),
            "suitability_reason": bid.suitability_reason,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"bid": self.parent}

    def run_service(self, form):
        return services.bid_assess(bid=self.parent, user=self.request.user, **form.service_arguments())


class CallOffChooseView(_Child):
    permission_required = "brokerage.award_calloff"
    form_class = forms.ChoiceForm
    heading = "Record the person's choice"
    success_message = "The choice was recorded and the care package created."

    def parent_queryset(self):
        return selectors.calloff_list(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"calloff": self.parent}

    def run_service(self, form):
        return services.calloff_choose(calloff=self.parent, user=self.request.user, **form.cleaned_data)


# --- Packages, reviews, monitoring --------------------------------------------------------------


class PackageListView(_Titled, RoleListView):
    permission_required = "brokerage.view_carepackage"
    filterset_class = PackageFilterSet
    table_class = PackageTable
    template_name = LIST
    heading = "Care packages"

    def get_queryset(self):
        return selectors.with_spend(selectors.package_list(self.request.user)).order_by("-start_on", "-id")


class PackageDetailView(RoleDetailView):
    permission_required = "brokerage.view_carepackage"
    change_permission = "brokerage.change_carepackage"
    template_name = "brokerage/carepackage_detail.html"

    def get_queryset(self):
        return selectors.with_returns(selectors.with_spend(selectors.package_list(self.request.user)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "reviews": self.object.reviews.select_related("reviewed_by"),
            "can_review": self.request.user.has_perm("brokerage.add_packagereview"),
            "returns": self.object.returns.all(),
            "can_return": self.request.user.has_perm("brokerage.add_providerreturn"),
        }


class PackageUpdateView(_Titled, RoleUpdateView):
    permission_required = "brokerage.change_carepackage"
    form_class = forms.PackageForm
    template_name = FORM
    heading = "Change the care package"

    def get_queryset(self):
        return selectors.package_list(self.request.user)

    def run_service(self, form):
        return services.package_update(package=self.object, **form.cleaned_data)


class ReturnCreateView(_Child):
    permission_required = "brokerage.add_providerreturn"
    form_class = forms.ReturnForm
    heading = "Enter a provider return"
    success_message = "The return was entered."

    def parent_queryset(self):
        return selectors.package_list(self.request.user)

    def run_service(self, form):
        services.return_record(package=self.parent, user=self.request.user, **form.cleaned_data)
        return self.parent


class ReviewCreateView(_Child):
    permission_required = "brokerage.add_packagereview"
    form_class = forms.ReviewForm
    heading = "Record a package review"
    success_message = "The review was recorded."

    def parent_queryset(self):
        return selectors.package_list(self.request.user)

    def get_initial(self):
        return {"reviewed_on": timezone.localdate()}

    def run_service(self, form):
        services.review_record(package=self.parent, user=self.request.user, **form.cleaned_data)
        return self.parent


class MonitoringView(RolePermissionMixin, TemplateView):
    """Totals of active packages, per provider, and the packages over or under budget (no person)."""

    permission_required = "brokerage.view_package_totals"
    template_name = "brokerage/monitoring.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        flagged = (
            selectors.package_costs(user)
            .filter(status=b.PackageStatus.ACTIVE)
            .exclude(spend_flag=b.SpendFlag.WITHIN)
            .order_by("-weekly_variance", "id")[:50]
        )
        return (
            super().get_context_data(**kwargs)
            | selectors.monitoring_summary(user)
            | {
                "flagged": flagged,
                "sections": SECTIONS,
                "can_open_packages": user.has_perm("brokerage.view_carepackage"),
            }
        )


class ProviderMonitoringView(_Titled, RoleListView):
    """One provider's active packages: weekly cost against budget, planned against delivered hours
    and actual against planned cost from the returns, with the flags (no person)."""

    permission_required = "brokerage.view_package_totals"
    table_class = ProviderPackageTable
    template_name = "brokerage/provider_monitoring.html"
    filterset_class = ProviderPackageFilterSet

    @cached_property
    def provider(self):

        # A provider none of the council's packages is with is out of scope: 404, as if unknown.
        theirs = CarePackage.objects.visible_to(self.request.user).filter(provider=OuterRef("pk"))
        providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).filter(Exists(theirs))
        return get_object_or_404(providers, pk=self.kwargs["pk"])

    def get_queryset(self):
        return selectors.provider_packages(self.request.user, self.provider.pk).order_by("-start_on", "-id")

    def get_table_kwargs(self):
        return {"can_open": self.request.user.has_perm("brokerage.view_carepackage")}

    def get_context_data(self, **kwargs):
        summary = selectors.returns_summary(self.request.user, provider_id=self.provider.pk)
        return super().get_context_data(**kwargs) | {
            "heading": f"Package monitoring: {self.provider}",
            "provider": self.provider,
            "returns": summary["totals"],
        }


class ReviewSummaryView(RolePermissionMixin, TemplateView):
    """The review outcomes grid (seed 001's accelerated review) with the savings."""

    permission_required = "brokerage.view_packagereview"
    template_name = "brokerage/review_summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | selectors.review_summary(self.request.user) | {"sections": SECTIONS}


# --- Transfers from an old framework ------------------------------------------------------------


class TransferListView(_Titled, RoleListView):
    """Every planned, done and declined package transfer, filterable by plan, framework, status and date."""

    permission_required = "brokerage.view_packagetransfer"
    filterset_class = TransferFilterSet
    table_class = TransferTable
    template_name = LIST
    heading = "Transfers from an old framework"
    create_label = "Plan a transfer"
    create_url_name = "brokerage:transferplan_create"
    create_permission = "brokerage.add_transferplan"

    def get_queryset(self):
        return selectors.transfer_list(self.request.user).order_by("transfer_on", "id")


class TransferPlanCreateView(_Titled, ServiceFormView):
    permission_required = "brokerage.add_transferplan"
    form_class = forms.TransferPlanForm
    template_name = FORM
    heading = "Plan a transfer to a new framework"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        from django.urls import reverse

        return super().get_context_data(**kwargs) | {"cancel_url": reverse("brokerage:packagetransfer_list")}

    def run_service(self, form):
        return services.transfer_plan_create(user=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        count = self.object.transfers.count()
        packages = "1 package" if count == 1 else f"{count} packages"
        return f"The transfer plan was made: {packages} planned to move. Record each package as it moves."


class TransferDetailView(RoleDetailView):
    """One planned transfer: the package, its plan, the providers before and after, the reasons,
    and the history of its dates (each reschedule with its reason)."""

    permission_required = "brokerage.view_packagetransfer"
    change_permission = "brokerage.change_packagetransfer"
    template_name = "brokerage/packagetransfer_detail.html"

    def get_queryset(self):
        return selectors.transfer_list(self.request.user).select_related("recorded_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "is_planned": self.object.status == b.TransferStatus.PLANNED,
        }


class _TransferChange(_Child):
    """A form page changing one transfer (out of the user's scope: 404)."""

    def parent_queryset(self):
        return selectors.transfer_list(self.request.user)

    def get_context_data(self, **kwargs):
        transfer = self.parent
        return super().get_context_data(**kwargs) | {
            "caption": f"Package {transfer.package_id} · {transfer.plan}",
            "cancel_url": transfer.get_absolute_url(),
            "transfer": transfer,
        }

    def get_success_url(self) -> str:
        return self.object.plan.get_absolute_url()


class TransferRecordView(_TransferChange):
    permission_required = "brokerage.change_packagetransfer"
    form_class = forms.TransferRecordForm
    heading = "Record the transfer"
    success_message = "The transfer was recorded."
    error_field = "status"

    def run_service(self, form):
        return services.transfer_record(transfer=self.parent, user=self.request.user, **form.cleaned_data)


class TransferRescheduleView(_TransferChange):
    permission_required = "brokerage.change_packagetransfer"
    form_class = forms.TransferRescheduleForm
    heading = "Reschedule the transfer"

    def get_initial(self):
        return {"transfer_on": self.parent.transfer_on}

    def run_service(self, form):
        return services.transfer_reschedule(transfer=self.parent, user=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        day = self.object.transfer_on
        return f"The transfer of package {self.object.package_id} was moved to {day.day} {day:%B %Y}."


class TransferCancelView(_TransferChange):
    permission_required = "brokerage.change_packagetransfer"
    form_class = forms.TransferCancelForm
    heading = "Cancel the transfer"

    def run_service(self, form):
        return services.transfer_cancel(transfer=self.parent, user=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        return f"The transfer of package {self.object.package_id} was cancelled."
