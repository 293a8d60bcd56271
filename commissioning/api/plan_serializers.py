"""Serializers of procurement plans: templates with their stages' standard durations, plans with
their scheduled stages, and the input of planning a contract's re-procurement."""

from rest_framework import serializers

from commissioning.choices import PLANNED_STAGES, DurationUnit, Stage
from commissioning.models import PlannedStage, PlanTemplate, PlanTemplateStage, ProcurementPlan
from common.api.serializers import ModelSerializer, Serializer


class PlanTemplateStageSerializer(ModelSerializer):
    stage = serializers.ChoiceField(choices=[(s, Stage(s).label) for s in PLANNED_STAGES])
    duration = serializers.IntegerField(help_text="1 or more, in the unit given.")
    unit = serializers.ChoiceField(choices=DurationUnit.choices, default=DurationUnit.WEEKS)
    days = serializers.IntegerField(read_only=True, help_text="The duration in days.")

    class Meta:
        model = PlanTemplateStage
        fields = ["stage", "duration", "unit", "days"]


class PlanTemplateSerializer(ModelSerializer):
    stages = PlanTemplateStageSerializer(
        many=True,
        help_text="Each stage the route goes through with its standard duration; a stage left out is one the "
        "route does not go through. Errors name the stage's field: `market_engagement_duration`.",
    )

    class Meta:
        model = PlanTemplate
        fields = ["id", "organisation", "name", "route", "description", "is_active", "stages"]
        read_only_fields = ["organisation"]

    def service_kwargs(self) -> dict:
        """The service's arguments from the validated data (stages as durations by stage)."""
        data = dict(self.validated_data)
        instance = self.instance
        stages = data.pop("stages", None)
        if stages is None and instance is not None:
            durations = {row.stage: (row.duration, row.unit) for row in instance.stages.all()}
        else:
            durations = {row["stage"]: (row["duration"], row.get("unit", DurationUnit.WEEKS)) for row in stages or []}
        current = {}
        if instance is not None:
            current = {
                "name": instance.name,
                "route": instance.route,
                "description": instance.description,
                "is_active": instance.is_active,
            }
        return current | data | {"durations": durations}

    def validate_stages(self, value):
        seen = [row["stage"] for row in value]
        repeated = sorted({stage for stage in seen if seen.count(stage) > 1})
        if repeated:
            raise serializers.ValidationError(f"Give each stage once: {', '.join(repeated)} is repeated.")
        return value


class PlannedStageSerializer(ModelSerializer):
    class Meta:
        model = PlannedStage
        fields = ["stage", "starts_on", "ends_on"]
        read_only_fields = fields


class ProcurementPlanSerializer(ModelSerializer):
    stages = PlannedStageSerializer(many=True, read_only=True, help_text="Every stage with its planned dates.")
    is_late = serializers.SerializerMethodField(
        help_text="Whether the procurement is past the planned start of a stage after the one it is at."
    )

    class Meta:
        model = ProcurementPlan
        fields = ["id", "procurement", "template", "must_start_on", "stages", "is_late", "created_by", "updated_at"]
        read_only_fields = ["created_by", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from commissioning.models import Procurement
            from commissioning.querysets import CHANGE

            if "procurement" in self.fields and not self.fields["procurement"].read_only:
                self.fields["procurement"].queryset = Procurement.objects.visible_to(user, CHANGE)
            self.fields["template"].queryset = PlanTemplate.objects.visible_to(user)

    def get_is_late(self, obj) -> bool:
        # Annotated by procurement_selectors.plan_list (the rule: commissioning.plans).
        return bool(getattr(obj, "is_late", False))


class ProcurementPlanUpdateSerializer(ProcurementPlanSerializer):
    class Meta(ProcurementPlanSerializer.Meta):
        read_only_fields = ["procurement", "created_by", "updated_at"]


class ReprocureSerializer(Serializer):
    template = serializers.PrimaryKeyRelatedField(queryset=PlanTemplate.objects.all(), help_text="A plan template.")
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.fields["template"].queryset = PlanTemplate.objects.visible_to(user)
