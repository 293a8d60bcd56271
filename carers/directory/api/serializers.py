"""Serializers for the signposting directory and the services given as information on contacts."""

from carers.models import Contact, DirectoryEntry, InformationGiven
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
