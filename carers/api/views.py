"""The carers API: the same scope, services and FilterSets as the pages. Every carer record read
through the API is access-logged; a refused attempt is logged too."""

from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from carers import selectors, services
from carers.api.serializers import (
    AssessmentSerializer,
    CaredForPersonSerializer,
    CarerSerializer,
    CarerSummarySerializer,
    ContactSerializer,
    ContingencyPlanSerializer,
    ReferralSerializer,
)
from carers.exports import carer_export_log
from carers.filters import (
    AssessmentFilterSet,
    CaredForPersonFilterSet,
    CarerFilterSet,
    ContactFilterSet,
    ContingencyPlanFilterSet,
    ReferralFilterSet,
)
from carers.models import Assessment, CaredForPerson, Carer, CaringRelationship, Contact, ContingencyPlan, Referral
from carers.permissions import NOT_FOUND, log_refusal, open_carer_record, refuse
from common.api.mixins import NeverDeletedMixin
from common.api.renderers import CSVRenderer

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
SEARCH_MAX = selectors.SEARCH_MAX  # ranked matches past the fiftieth help nobody on the phone
SEARCH_ONLY = {"q", "page_size", "format"}  # a search with no other filter
SUMMARY_COLUMNS = [
    name for name in CarerSummarySerializer.Meta.fields if name not in ("url", "age_group", "match_reason")
]


class _NoDelete(NeverDeletedMixin):
    """Carers and their records are closed or erased, never deleted."""

    never_deleted = (
        "Carers' records are never deleted: close the record, or ask for its erasure "
        "(an administrator decides erasure requests)."
    )


class CarerViewSet(_NoDelete, viewsets.ModelViewSet):
    """Carers the user may see. `?q=` finds misspelt names, postcodes, phone numbers and dates of
    birth, best match first: the 20 best, as the search page shows, or `page_size` of them up to
    50, on one page with no `next`. Without `q` the list is paged by cursor.

    The list and search show each carer in summary, as the pages' lists do; the whole record is
    read one carer at a time. Reading one carer writes an access-log row; a refused attempt is
    logged as refused: a role without access to personal data answers 403, a carer outside the
    user's scope answers 404 exactly as an id that does not exist. Carers are never deleted
    (DELETE answers 405): a record is closed, or erased through an erasure request.
    """

    queryset = Carer.objects.none()  # the model, for permissions and the schema; get_queryset scopes
    serializer_class = CarerSerializer
    filterset_class = CarerFilterSet
    renderer_classes = RENDERERS
    ordering_fields = ["id", "last_name", "identified_on", "last_contact_at"]

    def get_queryset(self):
        carers = selectors.carer_api_list(user=self.request.user)
        if self.action == "list":
            # The summary's columns only: the search and list read no more than they show.
            carers = carers.only(*SUMMARY_COLUMNS)
        return carers

    def get_serializer_class(self):
        return CarerSummarySerializer if self.action == "list" else CarerSerializer

    def log_csv_export(self, queryset):
        """The whole list as CSV is an export: every carer in it gets an access-log row, as on the page."""
        carer_export_log(carers=queryset, user=self.request.user, path=self.request.get_full_path())

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated and self.kwargs.get("pk", "").isdigit():
            if request.method in ("GET", "HEAD", "OPTIONS"):
                refuse(request._request, int(self.kwargs["pk"]), "Your role may not see carers' personal records.")
            refuse(request._request, int(self.kwargs["pk"]), "Your role may not change carers' records.")
        super().permission_denied(request, message=message, code=code)

    def get_object(self):
        try:
            carer = open_carer_record(self.request._request, int(self.kwargs["pk"]), log=self.request.method == "GET")
        except ValueError as exc:
            raise NotFound(NOT_FOUND) from exc
        self.check_object_permissions(self.request, carer)
        return carer

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if not params.get("q"):
            return super().filter_queryset(queryset)
        text = params["q"].strip()
        if not text:
            return queryset.none()  # spaces only: nothing to search for, not the whole list
        if set(params) <= SEARCH_ONLY:
            # The search box asks for `q` alone (as you type): the FilterSet would apply this same
            # search and nothing else, after building and validating its whole form.
            queryset = selectors.search_queryset(queryset, selectors.parse_search(text), user=self.request.user)
        else:
            queryset = super().filter_queryset(queryset)
        return queryset[: self._search_limit()]

    def _search_limit(self) -> int:
        """As many matches as the search page shows, or `page_size` of them (a bad one is the
        same 400 as on any list)."""
        if self.request.query_params.get("page_size") is None:
            return selectors.SEARCH_LIMIT
        return min(self.paginator.get_page_size(self.request), SEARCH_MAX)

    def list(self, request, *args, **kwargs):
        if not request.query_params.get("q"):
            return super().list(request, *args, **kwargs)
        # Ranked search results, already limited: one page in the same shape as every list.
        carers = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        return Response({"next": None, "previous": None, "results": carers})

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_not_duplicate", False)
        serializer.instance = services.carer_register(user=self.request.user, confirm_not_duplicate=confirm, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("confirm_not_duplicate", None)
        serializer.instance = services.carer_update(carer=serializer.instance, user=self.request.user, **data)


class CaredForPersonViewSet(_NoDelete, viewsets.ModelViewSet):
    """People cared for by carers the user may see, with their condition categories and carers.
    Creating one needs the carer and the relationship."""

    serializer_class = CaredForPersonSerializer
    filterset_class = CaredForPersonFilterSet
    renderer_classes = RENDERERS

    def get_queryset(self):
        return (
            CaredForPerson.objects.visible_to(self.request.user)
            .prefetch_related("conditions", "caring_relationships")
            .order_by("-id")
        )

    def get_object(self):
        pk = self.kwargs.get("pk", "")
        if pk.isdigit() and not self.get_queryset().filter(pk=pk).exists():
            carer_id = CaringRelationship.objects.filter(cared_for_id=pk).values_list("carer_id", flat=True).first()
            log_refusal(self.request._request, carer_id)  # then the same 404 as a missing id
        return super().get_object()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        carer = data.pop("carer")
        relationship = data.pop("relationship")
        link = services.cared_for_add(carer=carer, user=self.request.user, relationship=relationship, **data)
        serializer.instance = link.cared_for

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        for name in ("carer", "relationship", "lives_with_carer"):
            data.pop(name, None)
        conditions = data.pop("conditions", None)
        serializer.instance = services.cared_for_update(
            person=serializer.instance, user=self.request.user, conditions=conditions, **data
        )


class ContactViewSet(
    _NoDelete, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Contacts (the call log) of carers the user may see, and of callers not yet identified.
    Posting one logs it through the same service as the page, with its referrals."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    renderer_classes = RENDERERS

    def get_queryset(self):
        return (
            Contact.objects.visible_to(self.request.user)
            .select_related("reason")
            .prefetch_related(Prefetch("referrals", queryset=Referral.objects.order_by("id")))
            .order_by("-id")
        )

    def perform_create(self, serializer):
        serializer.instance = services.contact_log(user=self.request.user, **serializer.validated_data)


class ReferralViewSet(_NoDelete, viewsets.ReadOnlyModelViewSet):
    """Referrals made on contacts; open ones are tasks until a later contact or assessment closes
    them (closing by hand is on the carer's page)."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilterSet
    renderer_classes = RENDERERS

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).order_by("-id")


class AssessmentViewSet(_NoDelete, viewsets.ModelViewSet):
    """Carers assessments (separate, joint or declined) with support plans and review dates."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    renderer_classes = RENDERERS

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.assessment_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("carer", None)
        serializer.instance = services.assessment_save(user=self.request.user, assessment=serializer.instance, **data)


class ContingencyPlanViewSet(_NoDelete, viewsets.ModelViewSet):
    """Emergency contingency plans and alert cards, with their review dates."""

    serializer_class = ContingencyPlanSerializer
    filterset_class = ContingencyPlanFilterSet
    renderer_classes = RENDERERS

    def get_queryset(self):
        return ContingencyPlan.objects.visible_to(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.contingency_plan_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("carer", None)
        serializer.instance = services.contingency_plan_save(user=self.request.user, plan=serializer.instance, **data)
