from rest_framework import serializers

from accounts.models import Area, Organisation, User
from common.api import serializers as common


class OrganisationSerializer(common.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "reference",
            "address",
            "email",
            "phone",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class AreaSerializer(common.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "level", "parent", "council", "code", "postcode_districts"]


class UserSerializer(common.ModelSerializer):
    roles = serializers.ListField(source="role_names", child=serializers.CharField(), read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "job_title",
            "roles",
            "is_active",
        ]
        read_only_fields = fields


class TokenRequestSerializer(common.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    otp_token = serializers.CharField(
        max_length=8,
        required=False,
        help_text="The current code from your authenticator app: required for roles that need two-factor sign-in.",
    )


class TokenResponseSerializer(common.Serializer):
    token = serializers.CharField()
