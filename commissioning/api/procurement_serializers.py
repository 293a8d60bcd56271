"""Serializers of the procurement pipeline. Stage, cancellation and award fields are read-only:
they change through the actions (move, cancel, award), which call the same services as the pages."""

from rest_framework import serializers

from accounts.models import Organisation
from commissioning.choices import Stage
from commissioning.models import AgreedScore, Bid, Criterion, Lot, Procurement, Risk, Score, StageTransition
from common.api.serializers import ModelSerializer, Serializer

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


def _user(serializer):
    user = getattr(serializer.context.get("request"), "user", None)
    return user if user is not None and user.is_authenticated else None


def _scope(serializer, **querysets) -> None:
    """Limit the writable relations to what the signed-in user may choose (another council's
    procurement, lot or commissioner is "not found", as on the pages)."""
    user = _user(serializer)
    if user is None:
        return
    for name, make in querysets.items():
        field = serializer.fields.get(name)
        if field is not None and not field.read_only:
            field.queryset = make(user)


def _commissioners(user):
    from commissioning.forms import _commissioners as commissioners

    return commissioners(user)


def _procurements(user):
    from commissioning.querysets import CHANGE

    return Procurement.objects.visible_to(user, CHANGE)


def _lots(user):
    from commissioning.querysets import CHANGE

    return Lot.objects.visible_to(user, CHANGE)


def _bids(user):
    from commissioning.querysets import CHANGE

    return Bid.objects.visible_to(user, CHANGE)


def _criteria(user):
    from commissioning.querysets import CHANGE

    return Criterion.objects.visible_to(user, CHANGE)


def _contracts(user):
    from commissioning.models import Contract

    return Contract.objects.visible_to(user)


class TransitionSerializer(ModelSerializer):
    class Meta:
        model = StageTransition
        fields = ["from_stage", "to_stage", "on", "by", "note"]
        read_only_fields = fields


class ProcurementSerializer(ModelSerializer):
    estimated_value = serializers.DecimalField(**MONEY)
    transitions = TransitionSerializer(many=True, read_only=True)
    lot_warning = serializers.SerializerMethodField(help_text="Set when the lots add up to more than the estimate.")
    is_late = serializers.SerializerMethodField(
        help_text="Late against its plan: past the planned start of a stage after the one it is at."
    )

    class Meta:
        model = Procurement
        fields = [
            "id",
            "reference",
            "title",
            "organisation",
            "run_for",
            "lead_organisation",
            "route",
            "stage",
            "owner",
            "service_lines",
            "funding_streams",
            "estimated_value",
            "tupe_applies",
            "eia_done",
            "exemption_approval",
            "exemption_approved_on",
            "standstill_ends_on",
            "cancellation_reason",
            "description",
            "transitions",
            "lot_warning",
            "replaces",
            "is_late",
        ]
        read_only_fields = ["organisation", "stage", "standstill_ends_on", "cancellation_reason", "replaces"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, owner=_commissioners)

    def get_is_late(self, obj) -> bool:
        # Annotated by the selectors (commissioning.plans.annotate_lateness).
        return bool(getattr(obj, "is_late", False))

    def get_lot_warning(self, obj) -> str:
        from commissioning.services.procurements import lot_warning

        return lot_warning(obj)


class MoveSerializer(Serializer):
    to = serializers.ChoiceField(choices=[s for s in Stage.values if s != Stage.CANCELLED])
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    standstill_ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class CancelSerializer(Serializer):
    reason = serializers.CharField(max_length=2000)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class LotSerializer(ModelSerializer):
    value = serializers.DecimalField(**MONEY)

    class Meta:
        model = Lot
        fields = [
            "id",
            "procurement",
            "number",
            "title",
            "value",
            "term_months",
            "extension_options",
            "description",
            "awarded_bid",
            "awarded_on",
            "contract",
            "award_decision_body",
            "award_decided_on",
            "award_decision_reference",
        ]
        read_only_fields = [
            "awarded_bid",
            "awarded_on",
            "contract",
            "award_decision_body",
            "award_decided_on",
            "award_decision_reference",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, procurement=_procurements)


class LotUpdateSerializer(LotSerializer):
    class Meta(LotSerializer.Meta):
        read_only_fields = [*LotSerializer.Meta.read_only_fields, "procurement"]


class AwardSerializer(Serializer):
    bid = serializers.IntegerField(min_value=1, max_value=2**62, help_text="The bidder (tender-bid id) to award to.")
    start_date = serializers.DateField()
    total_value = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)
    contract_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    decision_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class TenderBidSerializer(ModelSerializer):
    price = serializers.DecimalField(required=False, allow_null=True, **MONEY)

    class Meta:
        model = Bid
        fields = ["id", "lot", "bidder", "status", "exclusion_reason", "shortlisted_on", "price"]
        read_only_fields = ["shortlisted_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "bidder" in self.fields and not self.fields["bidder"].read_only:
            self.fields["bidder"].queryset = Organisation.objects.filter(kind__in=["provider", "voluntary"])
        _scope(self, lot=_lots)


class TenderBidUpdateSerializer(TenderBidSerializer):
    class Meta(TenderBidSerializer.Meta):
        read_only_fields = ["shortlisted_on", "lot", "bidder"]


class CriterionSerializer(ModelSerializer):
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)

    class Meta:
        model = Criterion
        fields = ["id", "lot", "parent", "name", "kind", "weight", "scale_max", "price_formula", "position"]
        read_only_fields = ["position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, lot=_lots, parent=_criteria)


class ScoreSerializer(ModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        model = Score
        fields = ["id", "bid", "criterion", "evaluator", "score", "comment"]
        read_only_fields = ["evaluator"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, bid=_bids, criterion=_criteria)


class AgreedScoreSerializer(ModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        model = AgreedScore
        fields = ["id", "bid", "criterion", "score", "moderated_by", "note"]
        read_only_fields = ["moderated_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, bid=_bids, criterion=_criteria)


class RankedBidSerializer(Serializer):
    bid = serializers.IntegerField(source="pk")
    bidder = serializers.CharField(source="bidder.name")
    quality_score = serializers.FloatField()
    price_score = serializers.FloatField()
    total_score = serializers.FloatField(help_text="Weighted total out of 100.")
    rank = serializers.IntegerField()


class RiskSerializer(ModelSerializer):
    rating = serializers.IntegerField(read_only=True, help_text="Likelihood × impact, 1 to 25.")
    band = serializers.CharField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "organisation",
            "procurement",
            "contract",
            "title",
            "description",
            "impact",
            "mitigation",
            "likelihood",
            "severity",
            "rating",
            "band",
            "owner",
            "review_date",
            "status",
        ]
        read_only_fields = ["organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope(self, owner=_commissioners, procurement=_procurements, contract=_contracts)
