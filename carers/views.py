"""Pages for carers: search, register, the record page with its timeline, contacts, cared-for
people, assessments, contingency plans, merge, the managers' list and export, and personal data
(access log, subject access, erasure). Thin: selectors read, services write."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from carers import choices as c
from carers import selectors, services
from carers.exports import CARER_EXPORT_COLUMNS, carer_export_log, carer_export_log_snapshot
from carers.filters import CarerFilterSet
from carers.forms import (
    AssessmentForm,
    CaredForForm,
    CaredForPersonForm,
    CarerCreateForm,
    CarerForm,
    ConfirmForm,
    ContactForm,
    ContactLinkForm,
    ContingencyPlanForm,
    ErasureDecisionForm,
    ErasureRequestForm,
    MergeForm,
    SubjectAccessRequestForm,
    UnidentifiedContactForm,
)
from carers.models import (
    Assessment,
    CaredForPerson,
    Carer,
    Contact,
    ContingencyPlan,
    ErasureRequest,
    Referral,
    SubjectAccessRequest,
)
from carers.permissions import NOT_FOUND, not_found, open_carer_record, refuse
from carers.tables import CarerTable
from common.exports import csv_download, export_format, export_response, snapshot_csv_pieces
from common.history import history_entries
from common.views import RoleListView, RolePermissionMixin, ServiceFormView


class CarerRecordMixin:
    """For pages about one carer (`carer_pk` or `pk` in the URL): scope check and access log."""

    carer_kwarg = "pk"
    access_action = c.AccessAction.VIEWED

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.has_permission():
            # A signed-in user without the permission: refuse, and log the attempt on the record.
            refuse(request, kwargs[self.carer_kwarg])
        return super().dispatch(request, *args, **kwargs)

    def get_carer(self) -> Carer:
        if not hasattr(self, "_carer"):
            self._carer = open_carer_record(
                self.request,
                self.kwargs[self.carer_kwarg],
                action=self.access_action,
                log=self.request.method == "GET",
            )
        return self._carer


# --- Search ---------------------------------------------------------------------------------
class CarerSearchView(RolePermissionMixin, TemplateView):
    """Find a carer: as-you-type results (htmx asks for the results fragment) or a full page."""

    permission_required = "carers.view_carer"
    template_name = "carers/carer_search.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["carers/includes/_search_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "").strip()
        context["q"] = text
        context["results"] = selectors.carer_search(user=self.request.user, text=text) if len(text) >= 2 else None
        context["searchable"] = not selectors.parse_search(text).empty
        context["can_register"] = self.request.user.has_perm("carers.add_carer")
        return context


# --- Register and edit ------------------------------------------------------------------------
class CarerCreateView(ServiceFormView):
    """Register a carer; a close match to an existing record must be confirmed."""

    permission_required = "carers.add_carer"
    form_class = CarerCreateForm
    template_name = "carers/carer_form.html"
    success_message = "{object} was registered."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["council_id"] = self.request.user.organisation_id
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        initial["identified_on"] = timezone.localdate()
        text = self.request.GET.get("q", "")
        if text:
            terms = selectors.parse_search(text)
            parts = terms.name.title().split(" ", 1)
            initial.update(first_name=parts[0], last_name=parts[1] if len(parts) > 1 else "")
            if terms.postcode:
                initial["postcode"] = terms.postcode
            if terms.date_of_birth:
                initial["date_of_birth"] = terms.date_of_birth
        return initial

    def run_service(self, form):
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm_not_duplicate", False)
        try:
            return services.carer_register(user=self.request.user, confirm_not_duplicate=confirm, **data)
        except services.PossibleDuplicate as exc:
            self.duplicates = exc.matches
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["duplicates"] = getattr(self, "duplicates", [])
        context["heading"] = "Register a carer"
        return context


class CarerUpdateView(CarerRecordMixin, ServiceFormView):
    permission_required = "carers.change_carer"
    form_class = CarerForm
    template_name = "carers/carer_form.html"
    success_message = "{object} was updated."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_carer()
        kwargs["council_id"] = kwargs["instance"].organisation_id
        return kwargs

    def run_service(self, form):
        return services.carer_update(carer=self.get_carer(), user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_carer()
        context["heading"] = f"Change {self.get_carer()}'s details"
        return context


# --- The record page --------------------------------------------------------------------------
class CarerDetailView(CarerRecordMixin, RolePermissionMixin, TemplateView):
    """A carer's record: details, cared-for people, open referrals (tasks), assessments and plans,
    and the timeline of contacts, referrals, assessments and changes. A fixed number of queries."""

    permission_required = "carers.view_carer"
    template_name = "carers/carer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        carer = self.get_carer()
        user = self.request.user
        # The contact history is the CSC's; a brokerage officer sees the record, who the carer
        # cares for and the referrals to brokerage that let them see it.
        sees_contacts = user.has_perm("carers.view_contact")
        context.update(
            object=carer,
            carer=carer,
            relationships=selectors.carer_relationships(carer),
            open_referrals=selectors.open_referrals(carer, kind=None if sees_contacts else c.ReferralKind.BROKERAGE),
            timeline=selectors.carer_timeline(carer) if sees_contacts else None,
            grants=selectors.carer_grants(carer) if user.has_perm("carers.view_carergrant") else None,
            can_add_grant=user.has_perm("carers.add_carergrant") and carer.status == c.CarerStatus.ACTIVE,
            can_change=user.has_perm("carers.change_carer") and carer.status == c.CarerStatus.ACTIVE,
            can_add_contact=user.has_perm("carers.add_contact") and carer.status == c.CarerStatus.ACTIVE,
            can_erase=user.has_perm("carers.erase_carer"),
        )
        return context


class CarerAccessLogView(CarerRecordMixin, RolePermissionMixin, TemplateView):
    """Who viewed, exported or was refused this carer's record."""

    permission_required = "carers.view_accesslog"
    template_name = "carers/carer_access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        carer = self.get_carer()
        context.update(carer=carer, object=carer, entries=selectors.access_log(carer)[:500])
        return context


# --- Contacts -------------------------------------------------------------------------------
class CarerContactCreateView(CarerRecordMixin, ServiceFormView):
    """Log a contact from the carer's page: one form, referrals as tick boxes."""

    permission_required = "carers.add_contact"
    form_class = ContactForm
    template_name = "carers/contact_form.html"
    success_message = "The contact was logged."
    access_action = c.AccessAction.VIEWED

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["carer"] = self.get_carer()
        return kwargs

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data["close_referrals"] = list(data.get("close_referrals") or [])
        return services.contact_log(user=self.request.user, carer=self.get_carer(), **data)

    def get_success_url(self):
        return self.get_carer().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carer"] = self.get_carer()
        return context


class ContactCreateView(ServiceFormView):
    """Log a contact with a caller who is not yet identified (linked to a carer later)."""

    permission_required = "carers.add_contact"
    form_class = UnidentifiedContactForm
    template_name = "carers/contact_form.html"
    success_message = "The contact was logged. Link it to the carer once they are identified."

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data.pop("close_referrals", None)
        return services.contact_log(user=self.request.user, **data)


class ContactUnidentifiedListView(RolePermissionMixin, TemplateView):
    """Contacts with callers not yet identified, newest first, to link to carers."""

    permission_required = "carers.view_contact"
    template_name = "carers/contact_unidentified.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = selectors.unidentified_contacts(user=self.request.user)[:200]
        return context


def _contact_in_scope(request, pk) -> Contact:
    contact = get_object_or_404(Contact.objects.select_related("reason", "officer", "carer"), pk=pk)
    if contact.carer_id:
        open_carer_record(request, contact.carer_id, log=request.method == "GET")
    elif not Contact.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404(NOT_FOUND)  # another organisation's caller: as if there were none
    return contact


class ContactDetailView(RolePermissionMixin, TemplateView):
    permission_required = "carers.view_contact"
    template_name = "carers/contact_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contact = _contact_in_scope(self.request, self.kwargs["pk"])
        context.update(
            object=contact,
            referrals=contact.referrals.select_related("closed_by_contact", "closed_by_assessment"),
            history=history_entries(contact),
        )
        return context


class ContactLinkView(ServiceFormView):
    """Link an unidentified caller's contact to the carer once identified."""

    permission_required = "carers.change_contact"
    form_class = ContactLinkForm
    template_name = "carers/contact_link.html"
    success_message = "The contact was linked to the carer."

    def get_contact(self) -> Contact:
        if not hasattr(self, "_contact"):
            self._contact = _contact_in_scope(self.request, self.kwargs["pk"])
            if self._contact.carer_id:
                raise Http404("This contact is already linked to a carer.")
        return self._contact

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        contact = self.get_contact()
        text = self.request.GET.get("q") or contact.caller_phone or contact.caller_name
        found = [carer.pk for carer in selectors.carer_search(user=self.request.user, text=text)] if text else []
        pk = self.request.POST.get("carer")
        if pk and pk.isdigit():
            found.append(int(pk))
        kwargs["carers"] = Carer.objects.visible_to(self.request.user).everyday().filter(pk__in=found)
        return kwargs

    def run_service(self, form):
        return services.contact_link(
            contact=self.get_contact(), carer=form.cleaned_data["carer"], user=self.request.user
        )

    def get_success_url(self):
        return self.object.carer.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact"] = self.get_contact()
        context["q"] = self.request.GET.get("q", "")
        return context


class ReferralCloseView(ServiceFormView):
    """Close an open referral by hand (confirm page, then POST)."""

    permission_required = "carers.change_referral"
    form_class = ConfirmForm
    template_name = "carers/referral_close.html"
    success_message = "The referral was closed."

    def get_referral(self) -> Referral:
        referral = get_object_or_404(Referral.objects.select_related("contact", "carer"), pk=self.kwargs["pk"])
        if referral.carer_id:
            open_carer_record(self.request, referral.carer_id, log=False)
        elif not Contact.objects.visible_to(self.request.user).filter(pk=referral.contact_id).exists():
            raise Http404(NOT_FOUND)
        return referral

    def run_service(self, form):
        return services.referral_close(referral=self.get_referral(), user=self.request.user)

    def get_success_url(self):
        carer = self.object.carer
        return carer.get_absolute_url() if carer else self.object.contact.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral"] = self.get_referral()
        return context


# --- Cared-for people -------------------------------------------------------------------------
class CarerCaredForCreateView(CarerRecordMixin, ServiceFormView):
    permission_required = "carers.add_caredforperson"
    form_class = CaredForForm
    template_name = "carers/caredfor_form.html"
    success_message = "{object} was recorded."

    def run_service(self, form):
        return services.cared_for_add(carer=self.get_carer(), user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.get_carer().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carer"] = self.get_carer()
        return context


def _person_in_scope(request, pk) -> CaredForPerson:
    person = get_object_or_404(CaredForPerson, pk=pk)
    carer_ids = list(person.caring_relationships.values_list("carer_id", flat=True))
    visible = set(Carer.objects.visible_to(request.user).filter(pk__in=carer_ids).values_list("pk", flat=True))
    if not visible:
        not_found(request, carer_ids[0] if carer_ids else None)
    return person


class CaredForPersonDetailView(RolePermissionMixin, TemplateView):
    permission_required = "carers.view_caredforperson"
    template_name = "carers/caredforperson_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = _person_in_scope(self.request, self.kwargs["pk"])
        links = person.caring_relationships.select_related("carer").filter(
            carer__in=Carer.objects.visible_to(self.request.user)
        )
        for link in links:
            services.access_log_record(carer_id=link.carer_id, user=self.request.user, path=self.request.path)
        context.update(
            object=person,
            links=links,
            conditions=person.conditions.all(),
            history=history_entries(person),
            can_change=self.request.user.has_perm("carers.change_caredforperson"),
        )
        return context


class CaredForPersonUpdateView(ServiceFormView):
    permission_required = "carers.change_caredforperson"
    form_class = CaredForPersonForm
    template_name = "carers/caredforperson_form.html"
    success_message = "{object} was updated."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = _person_in_scope(self.request, self.kwargs["pk"])
        return kwargs

    def run_service(self, form):
        data = dict(form.cleaned_data)
        conditions = data.pop("conditions")
        return services.cared_for_update(person=form.instance, user=self.request.user, conditions=conditions, **data)


# --- Assessments and contingency plans ----------------------------------------------------------
class CarerAssessmentCreateView(CarerRecordMixin, ServiceFormView):
    """Record a carers assessment (Care Act s.10) with its support plan (s.25)."""

    permission_required = "carers.add_assessment"
    form_class = AssessmentForm
    template_name = "carers/assessment_form.html"
    success_message = "The assessment was recorded."

    def get_initial(self):
        return {**super().get_initial(), "assessed_on": timezone.localdate()}

    def run_service(self, form):
        return services.assessment_save(user=self.request.user, carer=self.get_carer(), **form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carer"] = self.get_carer()
        return context


class _CarerOwnedMixin:
    """Pages for a record owned by a carer: 404 when missing or out of scope (the latter logged)."""

    model = None

    def get_owned(self):
        if not hasattr(self, "_owned"):
            obj = get_object_or_404(self.model.objects.select_related("carer"), pk=self.kwargs["pk"])
            open_carer_record(self.request, obj.carer_id, log=self.request.method == "GET")
            self._owned = obj
        return self._owned


class _OwnedDetailView(_CarerOwnedMixin, RolePermissionMixin, TemplateView):
    """A record that belongs to a carer (an assessment, a plan), with its History section."""

    change_permission = ""

    def owned_context(self, owned) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        owned = self.get_owned()
        context.update(
            object=owned,
            carer=owned.carer,
            history=history_entries(owned),
            can_change=self.request.user.has_perm(self.change_permission),
            **self.owned_context(owned),
        )
        return context


class _OwnedUpdateView(_CarerOwnedMixin, ServiceFormView):
    """Change a record that belongs to a carer through its service (run_service)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_owned()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(carer=self.get_owned().carer, object=self.get_owned())
        return context


class AssessmentDetailView(_OwnedDetailView):
    permission_required = "carers.view_assessment"
    change_permission = "carers.change_assessment"
    template_name = "carers/assessment_detail.html"
    model = Assessment

    def owned_context(self, owned) -> dict:
        return {"closed_referrals": owned.closed_referrals.all()}


class AssessmentUpdateView(_OwnedUpdateView):
    permission_required = "carers.change_assessment"
    form_class = AssessmentForm
    template_name = "carers/assessment_form.html"
    success_message = "The assessment was updated."
    model = Assessment

    def run_service(self, form):
        return services.assessment_save(user=self.request.user, assessment=self.get_owned(), **form.cleaned_data)


class CarerPlanCreateView(CarerRecordMixin, ServiceFormView):
    """Record an emergency contingency plan and its alert card."""

    permission_required = "carers.add_contingencyplan"
    form_class = ContingencyPlanForm
    template_name = "carers/contingencyplan_form.html"
    success_message = "The contingency plan was recorded."

    def get_initial(self):
        return {**super().get_initial(), "issued_on": timezone.localdate()}

    def run_service(self, form):
        return services.contingency_plan_save(user=self.request.user, carer=self.get_carer(), **form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carer"] = self.get_carer()
        return context


class ContingencyPlanDetailView(_OwnedDetailView):
    permission_required = "carers.view_contingencyplan"
    change_permission = "carers.change_contingencyplan"
    template_name = "carers/contingencyplan_detail.html"
    model = ContingencyPlan


class ContingencyPlanUpdateView(_OwnedUpdateView):
    permission_required = "carers.change_contingencyplan"
    form_class = ContingencyPlanForm
    template_name = "carers/contingencyplan_form.html"
    success_message = "The contingency plan was updated."
    model = ContingencyPlan

    def run_service(self, form):
        return services.contingency_plan_save(user=self.request.user, plan=self.get_owned(), **form.cleaned_data)


# --- Merge ------------------------------------------------------------------------------------
class CarerMergeView(CarerRecordMixin, ServiceFormView):
    """Merge a duplicate record into this one, keeping every contact, assessment and history."""

    permission_required = "carers.change_carer"
    form_class = MergeForm
    template_name = "carers/carer_merge.html"
    success_message = "The duplicate was merged into {object}."

    def get_initial(self):
        return {**super().get_initial(), "duplicate": self.request.GET.get("duplicate")}

    def run_service(self, form):
        pk = form.cleaned_data["duplicate"]
        duplicate = Carer.objects.visible_to(self.request.user).filter(pk=pk).first()
        if duplicate is None:
            raise ValidationError({"duplicate": "No record with that number that you may see."})
        return services.carer_merge(
            keep=self.get_carer(), duplicate=duplicate, user=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        carer = self.get_carer()
        context.update(
            carer=carer,
            object=carer,
            candidates=selectors.possible_duplicates(organisation=carer.organisation, carer=carer),
        )
        return context


# --- Managers' list and export ------------------------------------------------------------------
class CarerListView(RoleListView):
    """Carers for managers: filters, sortable columns, pages without COUNT(*)."""

    permission_required = "carers.view_carer"
    filterset_class = CarerFilterSet
    table_class = CarerTable
    template_name = "carers/carer_list.html"
    create_url_name = "carers:carer_create"
    create_permission = "carers.add_carer"

    def get_queryset(self):
        return selectors.carer_list(user=self.request.user)


class CarerExportView(RolePermissionMixin, View):
    """The filtered list as CSV (`?format=xlsx` for Excel), streamed; every exported record is
    access-logged first, in one statement."""

    permission_required = "carers.view_carer"

    def get(self, request):
        export_as = export_format(request)
        filterset = CarerFilterSet(request.GET, queryset=selectors.carer_list(user=request.user), request=request)
        qs = filterset.qs if filterset.is_valid() else Carer.objects.none()
        qs = qs.order_by("pk")
        path = request.get_full_path()
        if export_as == "csv" and connections[qs.db].vendor == "postgresql":
            # The carers are read once: formatted into a snapshot that the log reads its ids from
            # (committed before the first byte is sent) and COPY streams the file from.
            pieces = snapshot_csv_pieces(
                qs,
                CARER_EXPORT_COLUMNS,
                key="pk",
                before_sending=lambda table, column: carer_export_log_snapshot(
                    table=table, column=column, user=request.user, path=path, using=qs.db
                ),
            )
            return csv_download("carers.csv", pieces)
        carer_export_log(carers=qs, user=request.user, path=path)
        return export_response(qs, CARER_EXPORT_COLUMNS, filename="carers", format=export_as, sheet_title="Carers")


# --- Subject access -----------------------------------------------------------------------------
class CarerSubjectAccessView(CarerRecordMixin, ServiceFormView):
    """A carer's subject access requests, with their one-month deadlines; register a new one."""

    permission_required = "carers.view_subjectaccessrequest"
    form_class = SubjectAccessRequestForm
    template_name = "carers/carer_subject_access.html"
    success_message = "The request was registered."

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("carers.add_subjectaccessrequest"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def run_service(self, form):
        return services.sar_register(carer=self.get_carer(), user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("carers:carer_subject_access", args=[self.get_carer().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        carer = self.get_carer()
        context.update(
            carer=carer, object=carer, requests=selectors.sar_list(carer), erasures=selectors.erasure_list(carer)
        )
        return context


class CarerSubjectAccessReportView(CarerRecordMixin, RolePermissionMixin, TemplateView):
    """Everything held about the carer, history included, as a readable page (or JSON with ?format=json)."""

    permission_required = "carers.view_subjectaccessrequest"
    template_name = "carers/carer_subject_access_report.html"
    access_action = c.AccessAction.EXPORTED

    def get(self, request, *args, **kwargs):
        carer = self.get_carer()
        data = selectors.subject_access_data(carer)
        if request.GET.get("format") == "json":
            response = JsonResponse(data, json_dumps_params={"indent": 2, "default": str})
            response["Content-Disposition"] = f'attachment; filename="subject-access-carer-{carer.pk}.json"'
            return response
        return render(
            request,
            self.template_name,
            {"carer": carer, "object": carer, "data": data, "pretty": json.dumps(data, indent=2, default=str)},
        )


class SubjectAccessRequestCompleteView(_CarerOwnedMixin, ServiceFormView):
    permission_required = "carers.change_subjectaccessrequest"
    form_class = ConfirmForm
    template_name = "carers/sar_complete.html"
    success_message = "The request was marked answered."
    model = SubjectAccessRequest

    def run_service(self, form):
        return services.sar_complete(sar=self.get_owned(), user=self.request.user)

    def get_success_url(self):
        return reverse("carers:carer_subject_access", args=[self.object.carer_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sar=self.get_owned(), carer=self.get_owned().carer)
        return context


# --- Erasure ------------------------------------------------------------------------------------
class CarerErasureCreateView(CarerRecordMixin, ServiceFormView):
    permission_required = "carers.add_erasurerequest"
    form_class = ErasureRequestForm
    template_name = "carers/erasure_form.html"
    success_message = "The erasure request was recorded for decision."

    def run_service(self, form):
        return services.erasure_request_register(carer=self.get_carer(), user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("carers:carer_subject_access", args=[self.get_carer().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carer"] = self.get_carer()
        return context


class ErasureRequestDecideView(_CarerOwnedMixin, ServiceFormView):
    """Decide an erasure request: erase (anonymise) or restrict while retention applies."""

    permission_required = "carers.erase_carer"
    form_class = ErasureDecisionForm
    template_name = "carers/erasure_decide.html"
    success_message = "The decision was recorded."
    model = ErasureRequest

    def run_service(self, form):
        return services.erasure_decide(request=self.get_owned(), user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("carers:carer_subject_access", args=[self.object.carer_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(erasure=self.get_owned(), carer=self.get_owned().carer)
        return context
