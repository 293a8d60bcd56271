"""API for consultations: events, key messages, documents (uploaded and downloaded under the same
rules as the pages), actions, theme counts, forums and meetings, strategies' action plans,
workstreams and milestones. Commissioners edit; every row is scoped to the caller's council."""

from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import NeverDeletedMixin
from consultations import selectors, services
from consultations.api import serializers as s
from consultations.filters import ActionFilterSet, EventFilterSet
from consultations.models import Theme


class _ServiceViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Create and update go through the app's services (validation, scope, the council set)."""

    def create_with(self, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def update_with(self, instance, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.create_with(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self.update_with(serializer.instance, dict(serializer.validated_data))


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The themes key messages are tagged with (administrators keep the list in Django admin)."""

    serializer_class = s.ThemeSerializer
    queryset = Theme.objects.order_by("name")
    pagination_class = None


class ThemeCountsView(APIView):
    """How often each theme came up across your council's events: key messages, events, first and last date."""

    required_permissions = ["consultations.view_keymessage"]

    @extend_schema(responses={200: s.ThemeCountSerializer(many=True)})
    def get(self, request):
        rows = selectors.theme_counts(request.user)
        return Response(s.ThemeCountSerializer(rows, many=True).data)


class EventViewSet(_ServiceViewSet):
    """Consultation events of your council: who ran them, how, when (a date, a range or a recurring
    series with its occurrences), audience, participants and whether an equality impact assessment was done."""

    serializer_class = s.EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ["starts_on", "id"]
    never_deleted = "Consultation events are never deleted: they are the record of what people said."

    def get_queryset(self):
        return (
            selectors.event_for_page(self.request.user)
            .prefetch_related("occurrences", "informed_procurements", "informed_contracts", "informed_strategies")
            .order_by("-starts_on", "-id")
        )

    def create_with(self, data):
        return services.event_create(user=self.request.user, **data)

    def update_with(self, instance, data):
        return services.event_update(event=instance, **data)


class KeyMessageViewSet(viewsets.ModelViewSet):
    """Key messages of your council's events, each tagged with themes. DELETE removes one entered by
    mistake (refused once it has actions)."""

    serializer_class = s.KeyMessageSerializer
    filterset_fields = ["event", "themes"]
    ordering_fields = ["id"]

    def get_queryset(self):
        return selectors.message_list(self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.instance = services.message_add(**serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("event", None)
        message = serializer.instance
        serializer.instance = services.message_update(
            message=message, text=data.get("text", message.text), themes=data.get("themes", message.themes.all())
        )

    def perform_destroy(self, instance):
        services.message_delete(message=instance)


class DocumentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Documents held for your council's events. POST is a multipart upload checked like the page's
    (allowed type, size limit, content matching the extension); `download` gives the file back."""

    serializer_class = s.DocumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["event", "kind"]
    ordering_fields = ["id", "uploaded_at"]

    def get_queryset(self):
        return selectors.document_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.document_upload(user=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.document_delete(document=instance)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, **kwargs):
        """The document's file, as an attachment."""
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise NotFound("The file is missing.") from exc
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ActionViewSet(_ServiceViewSet):
    """Actions on key messages ("you said, we did"): owner, due date, status and what was done."""

    serializer_class = s.ActionSerializer
    filterset_class = ActionFilterSet
    ordering_fields = ["due_on", "id"]
    never_deleted = "Actions are never deleted: close one as 'Will not be done' with the reason."

    def get_queryset(self):
        return selectors.action_list(self.request.user).order_by("due_on", "id")

    def create_with(self, data):
        return services.action_create(**data)

    def update_with(self, instance, data):
        data.pop("message", None)
        return services.action_update(action=instance, **data)


class ForumViewSet(_ServiceViewSet):
    """Standing forums of your council (a carers forum, a provider forum)."""

    serializer_class = s.ForumSerializer
    never_deleted = "Forums are never deleted: mark one as no longer meeting."

    def get_queryset(self):
        return selectors.forum_list(self.request.user).order_by("name", "id")

    def create_with(self, data):
        return services.forum_create(user=self.request.user, **data)

    def update_with(self, instance, data):
        return services.forum_update(forum=instance, **data)


class ForumMeetingViewSet(_ServiceViewSet):
    """Meetings of your council's forums."""

    serializer_class = s.ForumMeetingSerializer
    filterset_fields = ["forum"]
    never_deleted = "Forum meetings are never deleted."

    def get_queryset(self):
        return selectors.meeting_list(self.request.user).order_by("-held_on", "-id")

    def create_with(self, data):
        return services.meeting_record(**data)

    def update_with(self, instance, data):
        data.pop("forum", None)
        from common.writes import model_save

        return model_save(instance, **data)


class StrategyViewSet(_ServiceViewSet):
    """Strategies of your council; their action plans are strategy-aims and deliverables."""

    serializer_class = s.StrategySerializer
    never_deleted = "Strategies are never deleted."

    def get_queryset(self):
        return selectors.strategy_list(self.request.user).order_by("-starts_on", "id")

    def create_with(self, data):
        return services.strategy_create(user=self.request.user, **data)

    def update_with(self, instance, data):
        return services.strategy_update(strategy=instance, **data)


class StrategyAimViewSet(_ServiceViewSet):
    """The aims of strategies' action plans (numbered within their strategy)."""

    serializer_class = s.StrategyAimSerializer
    filterset_fields = ["strategy"]
    never_deleted = "Aims are never deleted."

    def get_queryset(self):
        return selectors.aim_list(self.request.user).order_by("strategy", "number")

    def create_with(self, data):
        return services.aim_add(**data)

    def update_with(self, instance, data):
        data.pop("strategy", None)
        from common.writes import model_save

        return model_save(instance, **data)


class DeliverableViewSet(_ServiceViewSet):
    """Deliverables of action plans, grouped by aim: owner, progress and milestones."""

    serializer_class = s.DeliverableSerializer
    filterset_fields = ["aim", "progress"]
    never_deleted = "Deliverables are never deleted: record their progress instead."

    def get_queryset(self):
        return selectors.deliverable_list(self.request.user).order_by("aim", "id")

    def create_with(self, data):
        return services.deliverable_add(**data)

    def update_with(self, instance, data):
        return services.deliverable_update(deliverable=instance, **data)


class WorkstreamViewSet(_ServiceViewSet):
    """Workstreams of your council's programme: start, completion, lead and progress."""

    serializer_class = s.WorkstreamSerializer
    never_deleted = "Workstreams are never deleted."

    def get_queryset(self):
        return selectors.workstream_list(self.request.user).order_by("number", "id")

    def create_with(self, data):
        return services.workstream_create(user=self.request.user, **data)

    def update_with(self, instance, data):
        return services.workstream_update(workstream=instance, **data)


class MilestoneViewSet(_ServiceViewSet):
    """Milestones of workstreams and deliverables (reminders come before their dates until achieved)."""

    serializer_class = s.MilestoneSerializer
    filterset_fields = ["workstream", "deliverable"]
    ordering_fields = ["due_on", "id"]
    never_deleted = "Milestones are never deleted: move the date or record it achieved."

    def get_queryset(self):
        return selectors.milestone_list(self.request.user).order_by("due_on", "id")

    def create_with(self, data):
        return services.milestone_add(**data)

    def update_with(self, instance, data):
        return services.milestone_update(milestone=instance, **data)
