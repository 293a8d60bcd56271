"""Input forms of the procurement pipeline: they parse and validate; the views call the services."""

from django import forms
from django.utils import timezone

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from budgets.models import FundingStream
from commissioning import plans
from commissioning.choices import (
    PLANNED_STAGES,
    BidStatus,
    CriterionKind,
    DurationUnit,
    PriceFormula,
    ProcurementRoute,
    Stage,
    allowed_next,
)
from commissioning.forms import PROVIDER_KINDS, _commissioners
from commissioning.models import Bid, Contract, Criterion, Lot, PlanTemplate, Procurement, Risk, ServiceLine
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


# --- Plans (issue 14, item 6) ------------------------------------------------------------------
class PlanTemplateForm(GovukFormMixin, forms.Form):
    """A template's name and route, then each stage's standard duration in days or weeks (left
    empty for a stage the route does not go through). The service checks the durations."""

    name = forms.CharField(label="Name", max_length=120, help_text="For example: Open procedure (standard).")
    route = forms.ChoiceField(label="Route", choices=ProcurementRoute.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Description", max_length=SHORT_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label="Offer it for new plans", required=False, initial=True)

    def __init__(self, *args, template: PlanTemplate | None = None, **kwargs):
        if template is not None:
            kwargs.setdefault("initial", template_initial(template))
        super().__init__(*args, **kwargs)
        for stage in PLANNED_STAGES:
            label = Stage(stage).label
            self.fields[plans.duration_field(stage)] = forms.IntegerField(
                label=f"{label}: standard duration",
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
                help_text="Empty if the route does not go through this stage."
                if stage in (Stage.SELECTION, Stage.SHORTLIST, Stage.INVITATION_TO_TENDER, Stage.EVALUATION)
                else "",
            )
            self.fields[plans.unit_field(stage)] = forms.ChoiceField(
                label=f"{label}: days or weeks", choices=DurationUnit.choices, initial=DurationUnit.WEEKS
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "route": data["route"],
            "description": data.get("description", ""),
            "is_active": data.get("is_active", False),
            "durations": {
                stage: (data.get(plans.duration_field(stage)), data.get(plans.unit_field(stage)) or DurationUnit.WEEKS)
                for stage in PLANNED_STAGES
            },
        }


def template_initial(template: PlanTemplate) -> dict:
    initial = {
        "name": template.name,
        "route": template.route,
        "description": template.description,
        "is_active": template.is_active,
    }
    for row in template.stages.all():
        initial[plans.duration_field(row.stage)] = row.duration
        initial[plans.unit_field(row.stage)] = row.unit
    return initial


def _template_label(template: PlanTemplate) -> str:
    weeks = sum(row.days for row in template.stages.all()) / 7
    return f"{template.name} ({template.get_route_display().lower()}, {weeks:.0f} weeks before the start)"


class PlanForm(GovukFormMixin, forms.Form):
    """Plan a procurement: the template and the date its new contract must start."""

    template = forms.ModelChoiceField(
        label="Plan template", queryset=PlanTemplate.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    must_start_on = forms.DateField(
        label="The new contract must start on",
        widget=GovukDateInput(),
        help_text="Every stage is scheduled backwards from this date. For example, 1/4/2027.",
    )

    def __init__(self, *args, user=None, procurement: Procurement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = PlanTemplate.objects.visible_to(user).filter(is_active=True).prefetch_related("stages")
        if procurement is not None:
            templates = templates.filter(route=procurement.route)
        self.fields["template"].queryset = templates.order_by("name", "id")
        self.fields["template"].label_from_instance = _template_label


class ReprocureForm(GovukFormMixin, forms.Form):
    """Plan the re-procurement of a contract: the template (its route is the procurement's)."""

    template = forms.ModelChoiceField(
        label="Plan template", queryset=PlanTemplate.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    reference = forms.CharField(
        label="Reference of the procurement",
        max_length=40,
        required=False,
        help_text="Empty: the contract's reference followed by -RP.",
    )
    title = forms.CharField(
        label="Title", max_length=200, required=False, help_text="Empty: Re-procurement: and the contract's title."
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = PlanTemplate.objects.visible_to(user).filter(is_active=True).prefetch_related("stages")
        self.fields["template"].queryset = templates.order_by("name", "id")
        self.fields["template"].label_from_instance = _template_label
        first = self.fields["template"].queryset.first()
        if first is not None:
            self.fields["template"].initial = first.pk
