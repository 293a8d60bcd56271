"""Serializers for consultations. Related records offered for choice are narrowed to the
caller's council, so another council's event or user is "does not exist"."""

from rest_framework import serializers

from accounts.models import User
from common.api.serializers import ModelSerializer, Serializer
from consultations.forms import (
    council_users,
    informed_contract_choices,
    informed_procurement_choices,
    informed_strategy_choices,
)
from consultations.models import (
    ConsultationAction,
    ConsultationDocument,
    ConsultationEvent,
    Deliverable,
    Forum,
    ForumMeeting,
    KeyMessage,
    Milestone,
    Strategy,
    StrategyAim,
    Theme,
    Workstream,
)


class _ScopedSerializer(ModelSerializer):
    """Narrows each named related field to what the caller may choose."""

    scoped: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, chooser in self.scoped.items():
            if name in self.fields and not self.fields[name].read_only:
                field = self.fields[name]
                target = getattr(field, "child_relation", field)
                target.queryset = chooser(request.user)


def _events(user):
    return ConsultationEvent.objects.visible_to(user)


class ThemeSerializer(ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name", "is_active"]


class EventSerializer(_ScopedSerializer):
    scoped = {
        "run_by_user": council_users,
        "informed_procurements": informed_procurement_choices,
        "informed_contracts": informed_contract_choices,
        "informed_strategies": informed_strategy_choices,
    }
    run_by = serializers.CharField(read_only=True)
    occurrences = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationEvent
        fields = [
            "id",
            "organisation",
            "title",
            "about",
            "run_by_user",
            "run_by_name",
            "run_by_organisation",
            "run_by",
            "method",
            "when",
            "starts_on",
            "ends_on",
            "recurrence",
            "occurrence_count",
            "occurrences",
            "audience",
            "participants",
            "eia_done",
            "informed_procurements",
            "informed_contracts",
            "informed_strategies",
            "created_at",
        ]
        read_only_fields = ["organisation", "created_at"]
        # The model rule's own words, as the page says them (DRF would word its own).
        extra_kwargs = {
            "participants": {"error_messages": {"min_value": "The number of participants cannot be below zero."}}
        }

    def get_occurrences(self, event) -> list[str]:
        """The dates of a recurring series (empty for one date or a range)."""
        return [occurrence.held_on.isoformat() for occurrence in event.occurrences.all()]


class KeyMessageSerializer(_ScopedSerializer):
    scoped = {"event": _events}
    themes = serializers.PrimaryKeyRelatedField(many=True, queryset=Theme.objects.all(), required=False)

    class Meta:
        model = KeyMessage
        fields = ["id", "event", "text", "themes", "created_at"]
        read_only_fields = ["created_at"]


class DocumentSerializer(_ScopedSerializer):
    scoped = {"event": _events}
    file = serializers.FileField(write_only=True, help_text="Multipart upload; type, size and content are checked.")
    download = serializers.HyperlinkedIdentityField(view_name="api:consultationdocument-download", read_only=True)

    class Meta:
        model = ConsultationDocument
        fields = [
            "id",
            "event",
            "title",
            "kind",
            "file",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
            "download",
        ]
        read_only_fields = ["original_name", "content_type", "size", "uploaded_at"]


class ActionSerializer(_ScopedSerializer):
    scoped = {"owner": council_users, "message": lambda user: KeyMessage.objects.visible_to(user)}
    event = serializers.IntegerField(source="message.event_id", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), allow_null=True)

    class Meta:
        model = ConsultationAction
        fields = ["id", "message", "event", "description", "owner", "due_on", "status", "response", "updated_at"]
        read_only_fields = ["updated_at"]


class ThemeCountSerializer(Serializer):
    """One theme's count across the council's events (documentation of the response)."""

    theme_id = serializers.IntegerField()
    theme__name = serializers.CharField()
    messages = serializers.IntegerField()
    events = serializers.IntegerField()
    first = serializers.DateField(allow_null=True)
    last = serializers.DateField(allow_null=True)


class ForumSerializer(ModelSerializer):
    class Meta:
        model = Forum
        fields = ["id", "organisation", "name", "purpose", "audience", "meets", "established_on", "is_active"]
        read_only_fields = ["organisation"]


class ForumMeetingSerializer(_ScopedSerializer):
    scoped = {"forum": lambda user: Forum.objects.visible_to(user), "event": _events}

    class Meta:
        model = ForumMeeting
        fields = ["id", "forum", "held_on", "attendees", "notes", "event"]


class StrategySerializer(_ScopedSerializer):
    scoped = {"forum": lambda user: Forum.objects.visible_to(user)}

    class Meta:
        model = Strategy
        fields = [
            "id",
            "organisation",
            "title",
            "summary",
            "starts_on",
            "ends_on",
            "approved_on",
            "approved_by",
            "forum",
        ]
        read_only_fields = ["organisation"]


class StrategyAimSerializer(_ScopedSerializer):
    scoped = {"strategy": lambda user: Strategy.objects.visible_to(user)}
    number = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = StrategyAim
        fields = ["id", "strategy", "number", "title"]


class MilestoneSerializer(_ScopedSerializer):
    scoped = {
        "workstream": lambda user: Workstream.objects.visible_to(user),
        "deliverable": lambda user: Deliverable.objects.visible_to(user),
    }

    class Meta:
        model = Milestone
        fields = ["id", "workstream", "deliverable", "title", "due_on", "done_on"]


class DeliverableSerializer(_ScopedSerializer):
    scoped = {"aim": lambda user: StrategyAim.objects.visible_to(user), "owner": council_users}
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Deliverable
        fields = ["id", "aim", "description", "owner", "owner_name", "progress", "progress_note", "milestones"]


class WorkstreamSerializer(_ScopedSerializer):
    scoped = {"lead": council_users}

    class Meta:
        model = Workstream
        fields = [
            "id",
            "organisation",
            "number",
            "title",
            "description",
            "lead",
            "starts_on",
            "completes_on",
            "completion_note",
            "progress",
        ]
        read_only_fields = ["organisation"]
