"""API for the signposting directory and the services given as information on contacts."""

from rest_framework import mixins, viewsets

from carers.directory import selectors, services
from carers.directory.api.serializers import DirectoryEntrySerializer, InformationGivenSerializer
from carers.directory.filters import DirectoryEntryFilterSet
from common.api.mixins import NeverDeletedMixin


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
