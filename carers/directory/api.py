"""API for the signposting directory and the services given as information on contacts."""

from rest_framework import mixins, viewsets

from carers.directory import selectors, services
from carers.directory.filters import DirectoryEntryFilterSet
from carers.models import Contact, DirectoryEntry, InformationGiven
from common.api.mixins import NeverDeletedMixin
from common.api.serializers import ModelSerializer


class DirectoryEntrySerializer(ModelSerializer):
    class Meta:
        model = DirectoryEntry
        fields = [
            "id",
            "name",
            "category",
            "organisation",
            "area",
            "description",
            "phone",
            "email",
            "website",
            "address",
            "postcode",
            "opening_times",
            "is_commissioned",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators: list = []  # full_clean in the service checks uniqueness


class DirectoryEntryViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Local support services a CSC officer signposts carers to (`q` searches name and description)."""

    serializer_class = DirectoryEntrySerializer
    filterset_class = DirectoryEntryFilterSet
    ordering_fields = ["name", "id"]
    never_deleted = (
        "Directory entries are never deleted (contacts record them as information given): mark one inactive."
    )

    def get_queryset(self):
        return selectors.directory_list().order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.directory_entry_save(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.directory_entry_save(entry=serializer.instance, **serializer.validated_data)


class InformationGivenSerializer(ModelSerializer):
    class Meta:
        model = InformationGiven
        fields = ["id", "contact", "entry", "given_by", "given_at"]
        read_only_fields = ["given_by", "given_at"]
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["contact"].queryset = Contact.objects.visible_to(request.user)


class InformationGivenViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Directory services given as information on contacts you may see (filter with `contact`)."""

    serializer_class = InformationGivenSerializer
    filterset_fields = ["contact", "entry"]
    ordering_fields = ["given_at", "id"]

    def get_queryset(self):
        return selectors.information_given_list(self.request.user).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.information_given_record(user=self.request.user, **serializer.validated_data)
