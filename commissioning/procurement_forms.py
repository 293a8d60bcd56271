"""Input forms of the procurement pipeline: they parse and validate; the views call the services."""

from django import forms
from django.utils import timezone

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from budgets.models import FundingStream
from commissioning.choices import BidStatus, CriterionKind, PriceFormula, Stage, allowed_next
from commissioning.forms import PROVIDER_KINDS, _commissioners
from commissioning.models import Bid, Contract, Criterion, Lot, Procurement, Risk, ServiceLine
from common.fields import SHORT_TEXT
from common.forms import GovukDateInput, GovukFormMixin, ServiceModelForm

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class ProcurementForm(ServiceModelForm):
    estimated_value = forms.DecimalField(label="Estimated value (£)", **MONEY)

    class Meta:
        model = Procurement
        fields = [
            "reference",
            "title",
            "route",
            "lead_organisation",
            "run_for",
            "owner",
            "service_lines",
            "funding_streams",
            "estimated_value",
            "tupe_applies",
            "eia_done",
            "exemption_approval",
            "exemption_approved_on",
            "description",
        ]
        widgets = {
            "route": forms.RadioSelect,
            "run_for": forms.CheckboxSelectMultiple,
            "service_lines": forms.CheckboxSelectMultiple,
            "funding_streams": forms.CheckboxSelectMultiple,
            "exemption_approved_on": GovukDateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"run_for": "Run for (partners)", "description": "Scope"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Organisation.objects.filter(kind__in=[OrganisationKind.COUNCIL, OrganisationKind.NHS_BODY])
        self.fields["lead_organisation"].queryset = bodies.order_by("name")
        self.fields["run_for"].queryset = bodies.exclude(pk=getattr(user, "organisation_id", None)).order_by("name")
        self.fields["owner"].queryset = _commissioners(user)
        self.fields["service_lines"].queryset = ServiceLine.objects.filter(is_active=True)
        self.fields["funding_streams"].queryset = FundingStream.objects.filter(is_active=True)


class MoveForm(GovukFormMixin, forms.Form):
    """Move a procurement to a stage the workflow table allows next."""

    to = forms.ChoiceField(label="Move to", widget=forms.RadioSelect)
    on = forms.DateField(label="Date of the move", widget=GovukDateInput(), initial=timezone.localdate)
    standstill_ends_on = forms.DateField(
        label="Standstill ends on",
        required=False,
        widget=GovukDateInput(),
        help_text="Moving to standstill: empty for the shortest standstill allowed.",
    )
    note = forms.CharField(
        label="Note", max_length=SHORT_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, procurement=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every stage is a choice (the service refuses what the table does not allow, with its
        # reason); the allowed ones come first.
        allowed = allowed_next(procurement.stage, procurement.route) if procurement else []
        rest = [s for s in Stage if s not in allowed and s != Stage.CANCELLED]
        self.fields["to"].choices = [(s, Stage(s).label) for s in allowed] + [(s, Stage(s).label) for s in rest]
        if allowed:
            self.fields["to"].initial = allowed[0]


class CancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?", max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label="Cancelled on", widget=GovukDateInput(), initial=timezone.localdate)


class LotForm(ServiceModelForm):
    value = forms.DecimalField(label="Value (£)", **MONEY)

    class Meta:
        model = Lot
        fields = ["number", "title", "value", "term_months", "extension_options", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BidForm(ServiceModelForm):
    price = forms.DecimalField(label="Tendered price (£)", required=False, **MONEY)

    class Meta:
        model = Bid
        fields = ["bidder", "status", "exclusion_reason", "price"]
        widgets = {"status": forms.RadioSelect, "exclusion_reason": forms.Textarea(attrs={"rows": 2})}
        labels = {"exclusion_reason": "Reason for exclusion"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["bidder"]
        else:
            self.fields["bidder"].queryset = Organisation.objects.filter(kind__in=PROVIDER_KINDS).order_by("name")
        self.fields["status"].choices = BidStatus.choices


class AwardForm(GovukFormMixin, forms.Form):
    bid = forms.ModelChoiceField(label="Award to", queryset=Bid.objects.none(), widget=forms.RadioSelect)
    start_date = forms.DateField(label="Contract starts on", widget=GovukDateInput())
    total_value = forms.DecimalField(
        label="Contract value (£)",
        required=False,
        help_text="Empty: the tendered price, else the lot's value.",
        **MONEY,
    )
    contract_reference = forms.CharField(
        label="Contract reference",
        max_length=40,
        required=False,
        help_text="Empty: the procurement's reference and lot.",
    )
    decision_body = forms.CharField(label="Decision body", max_length=120, required=False)
    decided_on = forms.DateField(label="Date of the decision", required=False, widget=GovukDateInput())
    decision_reference = forms.CharField(label="Decision reference", max_length=120, required=False)

    def __init__(self, *args, lot=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every bidder of the lot: the service says why one cannot be awarded.
        self.fields["bid"].queryset = Bid.objects.filter(lot=lot).select_related("bidder").order_by("bidder__name")
        self.fields["bid"].label_from_instance = lambda bid: f"{bid.bidder} ({bid.get_status_display().lower()})"


class CriterionForm(ServiceModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "kind", "weight", "scale_max", "price_formula", "parent"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, lot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Criterion.objects.filter(
            lot=lot, parent__isnull=True, kind=CriterionKind.QUALITY
        )
        self.fields["parent"].help_text = "A sub-criterion shares its criterion's weight."
        self.fields["price_formula"].choices = [("", "Not a price criterion"), *PriceFormula.choices]


class ScoreForm(GovukFormMixin, forms.Form):
    bid = forms.ModelChoiceField(label="Bidder", queryset=Bid.objects.none())
    criterion = forms.ModelChoiceField(label="Criterion", queryset=Criterion.objects.none())
    score = forms.DecimalField(label="Score", max_digits=5, decimal_places=2)
    agreed = forms.BooleanField(label="This is the moderated score the evaluators agreed", required=False)
    comment = forms.CharField(
        label="Comment", max_length=SHORT_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, lot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = Bid.objects.filter(lot=lot, status=BidStatus.SUBMITTED).select_related("bidder")
        self.fields["bid"].label_from_instance = lambda bid: str(bid.bidder)
        self.fields["criterion"].queryset = Criterion.objects.filter(
            lot=lot, kind=CriterionKind.QUALITY, children__isnull=True
        )


class RiskForm(ServiceModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "impact",
            "mitigation",
            "likelihood",
            "severity",
            "owner",
            "review_date",
            "status",
            "procurement",
            "contract",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "impact": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
            "review_date": GovukDateInput(),
        }
        labels = {"likelihood": "Likelihood (1 rare – 5 almost certain)", "severity": "Impact (1 minor – 5 severe)"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _commissioners(user)
        self.fields["procurement"].queryset = Procurement.objects.visible_to(user).order_by("-id")
        self.fields["contract"].queryset = Contract.objects.visible_to(user).order_by("reference")
