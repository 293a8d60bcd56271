"""Forms of brokerage: they parse and validate input; the views call the services."""

import re

from django import forms

from accounts.choices import OrganisationKind
from accounts.models import Area, Organisation
from brokerage import choices as b
from brokerage.models import Bid, CallOff, CarePackage, Framework, PersonalBudget, RasBand
from carers.models import CaredForPerson, Carer
from commissioning.models import ServiceLine
from common.forms import GovukDateInput, GovukDateTimeInput, GovukFormMixin, ServiceModelForm


def _providers():
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER, is_active=True).order_by("name")


class BudgetForm(ServiceModelForm):
    """A personal budget on a carer's record (typed as the record number, or from ?carer=<id>)."""

    carer_id = forms.IntegerField(label="Carer record number", min_value=1)
    cared_for_id = forms.IntegerField(
        label="Cared-for person's record number",
        min_value=1,
        required=False,
        help_text="Only when the budget is for a person the carer looks after.",
    )

    class Meta:
        model = PersonalBudget
        fields = ["ras_band", "agreed_weekly", "method", "start_on", "review_on", "notes"]
        widgets = {"start_on": GovukDateInput(), "review_on": GovukDateInput(), "notes": forms.Textarea({"rows": 3})}
        help_texts = {"agreed_weekly": "In pounds and pence a week."}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["ras_band"].queryset = RasBand.objects.filter(is_active=True)
        if self.instance.pk:
            del self.fields["carer_id"], self.fields["cared_for_id"]
        else:
            self.order_fields(["carer_id", "cared_for_id"])

    def clean_carer_id(self):
        carer = Carer.objects.visible_to(self.user).filter(pk=self.cleaned_data["carer_id"]).first()
        if carer is None:
            raise forms.ValidationError("No carer with this record number that you can see.")
        self.cleaned_data["carer"] = carer
        return carer.pk

    def clean_cared_for_id(self):
        pk = self.cleaned_data.get("cared_for_id")
        if not pk:
            self.cleaned_data["cared_for"] = None
            return None
        person = CaredForPerson.objects.filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError("No cared-for person with this record number.")
        self.cleaned_data["cared_for"] = person
        return pk


class FrameworkForm(ServiceModelForm):
    class Meta:
        model = Framework
        fields = ["name", "categories", "terms"]
        widgets = {"categories": forms.CheckboxSelectMultiple, "terms": forms.Textarea({"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ServiceLine.objects.filter(is_active=True)


class WindowForm(GovukFormMixin, forms.Form):
    opens_on = forms.DateField(label="Opens on", widget=GovukDateInput())
    closes_on = forms.DateField(label="Closes on", widget=GovukDateInput())


class ApplicationForm(GovukFormMixin, forms.Form):
    provider = forms.ModelChoiceField(queryset=Organisation.objects.none())
    categories = forms.ModelMultipleChoiceField(
        queryset=ServiceLine.objects.none(), widget=forms.CheckboxSelectMultiple, label="Categories applied for"
    )
    applied_on = forms.DateField(label="Date received", widget=GovukDateInput())

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()
        self.fields["categories"].queryset = framework.categories.all()


class CheckForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=b.CheckKind.choices, widget=forms.RadioSelect)
    item = forms.CharField(label="Item or question", max_length=300)
    passed = forms.TypedChoiceField(
        label="Due diligence result",
        choices=[("", "Not a due diligence item"), ("true", "Passed"), ("false", "Failed")],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )
    score = forms.IntegerField(
        label="Quality score (0 to 5)", min_value=0, max_value=b.QUALITY_SCORE_MAX, required=False
    )
    evidence = forms.CharField(label="Evidence or comment", required=False, widget=forms.Textarea({"rows": 3}))


class DecisionForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Decision",
        choices=[(b.ApplicationStatus.ADMITTED, "Admit"), (b.ApplicationStatus.REFUSED, "Refuse")],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(label="Reasons", required=False, widget=forms.Textarea({"rows": 3}))


class CallOffForm(ServiceModelForm):
    personal_budget_id = forms.IntegerField(label="Personal budget reference", min_value=1)

    class Meta:
        model = CallOff
        fields = [
            "framework",
            "category",
            "title",
            "needs_summary",
            "area",
            "hours_per_week",
            "indicative_weekly_budget",
            "cost_weight",
            "quality_weight",
            "cost_formula",
            "quality_questions",
            "closes_at",
        ]
        widgets = {
            "needs_summary": forms.Textarea({"rows": 5}),
            "quality_questions": forms.Textarea({"rows": 4}),
            "closes_at": GovukDateTimeInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["framework"].queryset = Framework.objects.visible_to(user).filter(is_active=True)
        self.fields["category"].queryset = ServiceLine.objects.filter(is_active=True)
        self.fields["area"].queryset = Area.objects.filter(council_id=user.organisation_id)
        self.fields["indicative_weekly_budget"].required = False
        self.fields["indicative_weekly_budget"].help_text = "Leave empty to use the agreed personal budget."
        if self.instance.pk:
            for name in ("personal_budget_id", "framework", "category"):
                del self.fields[name]
        else:
            self.order_fields(["personal_budget_id"])

    def clean_personal_budget_id(self):
        budget = PersonalBudget.objects.visible_to(self.user).filter(pk=self.cleaned_data["personal_budget_id"]).first()
        if budget is None:
            raise forms.ValidationError("No personal budget with this reference that you can see.")
        self.cleaned_data["personal_budget"] = budget
        return budget.pk


class BidForm(ServiceModelForm):
    """A bid as received (through the council's e-tendering portal, typed in by the officer)."""

    received_at = forms.DateTimeField(label="Received at", widget=GovukDateTimeInput())

    class Meta:
        model = Bid
        fields = ["provider", "weekly_price", "hours_per_week", "proposal", "answers"]
        widgets = {"proposal": forms.Textarea({"rows": 5}), "answers": forms.Textarea({"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()
        self.fields["weekly_price"].min_value = None  # the service says "greater than zero"


class BidAssessForm(GovukFormMixin, forms.Form):
    quality_score = forms.DecimalField(
        label="Quality score (0 to 100)", min_value=0, max_value=100, decimal_places=2, required=False
    )
    suitable = forms.TypedChoiceField(
        label="Does the bid meet the person's needs? (the social worker's check)",
        choices=[("", "Not checked yet"), ("true", "Suitable"), ("false", "Not suitable")],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )
    suitability_reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, questions=(), **kwargs):
        """With the call-off's quality questions, one score (0–5) a question replaces the quality score."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if self.questions:
            del self.fields["quality_score"]
            scores = {
                f"question_{n}": forms.IntegerField(
                    label=f"Question {n}: {question}",
                    help_text="Score 0 (no answer) to 5 (excellent).",
                    min_value=0,
                    max_value=b.QUALITY_SCORE_MAX,
                    required=False,
                )
                for n, question in enumerate(self.questions, start=1)
            }
            self.fields = scores | dict(self.fields)

    def service_arguments(self) -> dict:
        """The cleaned data as bid_assess takes it (question_<n> fields gathered by number)."""
        data = dict(self.cleaned_data)
        if self.questions:
            data["question_scores"] = {n: data.pop(f"question_{n}") for n in range(1, len(self.questions) + 1)}
        return data


class ChoiceForm(GovukFormMixin, forms.Form):
    bid = forms.ModelChoiceField(
        queryset=Bid.objects.none(), widget=forms.RadioSelect, label="The bid the person chose"
    )
    start_on = forms.DateField(label="Package starts on", widget=GovukDateInput())
    review_on = forms.DateField(label="Review date", widget=GovukDateInput())
    choice_reason = forms.CharField(
        label="Why the person chose this bid",
        required=False,
        help_text="Needed when it is not the top-ranked suitable bid.",
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, calloff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = Bid.objects.filter(calloff=calloff).select_related("provider")
        self.fields["bid"].label_from_instance = lambda bid: f"{bid.provider} — £{bid.weekly_price} a week"


class PackageForm(ServiceModelForm):
    reason = forms.CharField(label="Reason for the change", max_length=100, required=False)

    class Meta:
        model = CarePackage
        fields = ["hours_per_week", "weekly_cost", "start_on", "review_on", "status"]
        widgets = {"start_on": GovukDateInput(), "review_on": GovukDateInput()}


class ReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = forms.DateField(label="Reviewed on", widget=GovukDateInput())
    outcome = forms.ChoiceField(choices=b.ReviewOutcome.choices, widget=forms.RadioSelect)
    on_hold_reason = forms.CharField(label="Why the review is on hold", required=False)
    weekly_cost_after = forms.DecimalField(
        label="Weekly cost after the review", decimal_places=2, required=False, help_text="Leave empty if unchanged."
    )
    hours_per_week_after = forms.DecimalField(
        label="Hours a week after the review", decimal_places=2, required=False, min_value=0.25
    )
    next_review_on = forms.DateField(label="Next review date", required=False, widget=GovukDateInput())
    chose_brokerage = forms.BooleanField(label="The person chose to use the brokerage service", required=False)


class TransferPlanForm(GovukFormMixin, forms.Form):
    """A transfer plan: the new framework, the date, and the packages — every active package of the
    old framework (and provider) chosen, or those named by reference."""

    name = forms.CharField(label="Name of the plan", max_length=200)
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), label="New framework")
    from_framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(),
        label="Old framework",
        required=False,
        help_text="Leave empty for packages arranged outside any framework.",
    )
    from_provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Provider",
        required=False,
        help_text="Only this provider's packages. The person keeps their provider unless they choose another.",
    )
    transfer_on = forms.DateField(label="Transfer date", widget=GovukDateInput())
    packages = forms.CharField(
        label="Package references",
        required=False,
        help_text=(
            "Leave empty to plan every active package of the old framework (and provider) that fits the new "
            "framework's categories; or name the packages that move, by reference (as in the care packages "
            "list), separated by commas or spaces."
        ),
        widget=forms.Textarea({"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        frameworks = Framework.objects.visible_to(user)
        self.fields["framework"].queryset = frameworks.filter(is_active=True)
        self.fields["from_framework"].queryset = frameworks
        self.fields["from_provider"].queryset = _providers()

    def clean_packages(self):
        """The packages named (None when none is: the service chooses them in bulk)."""
        words = [word for word in re.split(r"[\s,;]+", self.cleaned_data["packages"]) if word]
        if not words:
            return None
        wrong = [word for word in words if not word.isdigit() or len(word) > 12]
        if wrong:
            raise forms.ValidationError(f"Not a package reference: {', '.join(wrong[:5])}.")
        refs = list(dict.fromkeys(int(word) for word in words))
        found = {package.pk: package for package in CarePackage.objects.visible_to(self.user).filter(pk__in=refs)}
        missing = [str(ref) for ref in refs if ref not in found]
        if missing:
            raise forms.ValidationError(f"No care package you can see with the reference {', '.join(missing[:5])}.")
        return [found[ref] for ref in refs]


class TransferRescheduleForm(GovukFormMixin, forms.Form):
    transfer_on = forms.DateField(label="New transfer date", widget=GovukDateInput())
    reason = forms.CharField(
        label="Why the date changes",
        required=False,
        help_text="Kept in the transfer's history with the date it replaces.",
        widget=forms.Textarea({"rows": 3}),
        max_length=1000,
    )


class TransferCancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the transfer is cancelled",
        required=False,
        help_text="The package stays on its framework with its provider, and can be planned again later.",
        widget=forms.Textarea({"rows": 3}),
        max_length=1000,
    )


class TransferRecordForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        choices=[
            (b.TransferStatus.TRANSFERRED, "Transferred with the person's provider"),
            (b.TransferStatus.CHOSE_OTHER, "The person chose another provider"),
        ],
        widget=forms.RadioSelect,
    )
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="The provider the person chose",
        required=False,
        help_text="Only when the person chose another provider.",
    )
    choice_reason = forms.CharField(
        label="Why the person chose another provider", required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()


class ReturnForm(GovukFormMixin, forms.Form):
    """A provider's return for the package: the period, hours delivered, actual cost."""

    period_start = forms.DateField(label="Period from", widget=GovukDateInput())
    period_end = forms.DateField(label="Period to", widget=GovukDateInput())
    delivered_hours = forms.DecimalField(
        label="Hours delivered in the period", max_digits=8, decimal_places=2, min_value=0
    )
    actual_cost = forms.DecimalField(
        label="Actual cost of the period",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text="In pounds and pence.",
    )
