"""Serializers for the carers API. Writes go through carers.services (called by the viewsets)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from carers import choices as c
from carers.models import (
    Assessment,
    CaredForPerson,
    Carer,
    CaringRelationship,
    ConditionCategory,
    Contact,
    ContactReason,
    ContingencyPlan,
    Referral,
)
from common.api.serializers import ModelSerializer


@extend_schema_field(OpenApiTypes.INT)
class VisibleCarerField(serializers.PrimaryKeyRelatedField):
    """A carer id the requesting user may see (others answer 'does not exist')."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Carer.objects.none()
        return Carer.objects.visible_to(request.user).everyday()


class CarerSerializer(ModelSerializer):
    age_group = serializers.CharField(read_only=True, help_text="Derived from the date of birth.")
    is_working_carer = serializers.BooleanField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:carer-detail")
    confirm_not_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Set true to register someone who closely matches an existing carer.",
    )

    class Meta:
        model = Carer
        fields = [
            "id",
            "url",
            "first_name",
            "last_name",
            "date_of_birth",
            "age_group",
            "phone",
            "email",
            "address",
            "postcode",
            "area",
            "area_review",
            "gp_practice",
            "employment",
            "is_working_carer",
            "is_parent_carer",
            "is_kinship_carer",
            "hours_band",
            "identification_source",
            "identified_on",
            "consent_to_share",
            "sex",
            "ethnicity",
            "disability",
            "religion",
            "sexual_orientation",
            "organisation",
            "status",
            "last_contact_at",
            "created_at",
            "updated_at",
            "confirm_not_duplicate",
        ]
        read_only_fields = ["organisation", "status", "last_contact_at", "created_at", "updated_at"]


class CarerSummarySerializer(ModelSerializer):
    """A carer in a list or search result: what the pages' lists and search results show, enough
    to tell people apart. The whole record (contact details, equality monitoring) is read one carer
    at a time, where each read is access-logged."""

    age_group = serializers.CharField(read_only=True, help_text="Derived from the date of birth.")
    url = serializers.HyperlinkedIdentityField(view_name="api:carer-detail")
    match_reason = serializers.SerializerMethodField(
        help_text='In a search (`?q=`), why this carer matched, e.g. "surname sounds like, postcode"; else empty.'
    )

    class Meta:
        model = Carer
        fields = [
            "id",
            "url",
            "first_name",
            "last_name",
            "date_of_birth",
            "age_group",
            "phone",
            "postcode",
            "area",
            "hours_band",
            "identification_source",
            "identified_on",
            "status",
            "last_contact_at",
            "match_reason",
        ]
        read_only_fields = fields

    def get_match_reason(self, carer) -> str:
        return getattr(carer, "match_reason", "")


class CaringRelationshipSerializer(ModelSerializer):
    class Meta:
        model = CaringRelationship
        fields = ["carer", "relationship", "lives_with_carer", "is_main_carer"]


class CaredForPersonSerializer(ModelSerializer):
    conditions = serializers.PrimaryKeyRelatedField(queryset=ConditionCategory.objects.all(), many=True, required=False)
    caring_relationships = CaringRelationshipSerializer(many=True, read_only=True)
    carer = VisibleCarerField(write_only=True, help_text="The carer who cares for this person (on create).")
    relationship = serializers.ChoiceField(choices=c.Relationship.choices, write_only=True)
    lives_with_carer = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = CaredForPerson
        fields = [
            "id",
            "first_name",
            "last_name",
            "date_of_birth",
            "conditions",
            "notes",
            "caring_relationships",
            "carer",
            "relationship",
            "lives_with_carer",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("carer", "relationship"):
                self.fields[name].required = False


class ContactSerializer(ModelSerializer):
    carer = VisibleCarerField(required=False, allow_null=True)
    reason = serializers.PrimaryKeyRelatedField(queryset=ContactReason.objects.filter(is_active=True))
    referrals = serializers.ListField(
        child=serializers.ChoiceField(choices=c.ReferralKind.choices),
        required=False,
        write_only=True,
        help_text="Referrals made on this contact.",
    )
    referrals_made = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "carer",
            "caller_name",
            "caller_phone",
            "channel",
            "contacted_at",
            "officer",
            "reason",
            "advice_given",
            "outcome",
            "outcome_notes",
            "referrals",
            "referrals_made",
        ]
        read_only_fields = ["officer"]
        extra_kwargs = {"contacted_at": {"required": False}}

    def get_referrals_made(self, obj) -> list[dict]:
        return [{"id": r.pk, "kind": r.kind, "status": r.status} for r in obj.referrals.all()]


class ReferralSerializer(ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "contact",
            "carer",
            "kind",
            "status",
            "note",
            "created_at",
            "closed_at",
            "closed_by_contact",
            "closed_by_assessment",
        ]
        read_only_fields = fields


class AssessmentSerializer(ModelSerializer):
    carer = VisibleCarerField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "carer",
            "assessment_type",
            "assessed_on",
            "assessor",
            "outcome",
            "eligible_needs",
            "support_plan",
            "support_provided",
            "next_review_on",
        ]
        extra_kwargs = {"outcome": {"required": False}}


class ContingencyPlanSerializer(ModelSerializer):
    carer = VisibleCarerField()

    class Meta:
        model = ContingencyPlan
        fields = ["id", "carer", "emergency_contacts", "arrangements", "card_number", "issued_on", "review_on"]
        # Uniqueness of the card number is checked by the service (full_clean) with its own message.
        validators: list = []
        extra_kwargs = {"card_number": {"validators": []}}
