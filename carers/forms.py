"""Input forms for carers pages: they parse and validate; services do the writes."""

from django import forms
from django.utils import timezone

from carers import choices as c
from carers.models import (
    Assessment,
    CaredForPerson,
    Carer,
    ConditionCategory,
    ContactReason,
    ContingencyPlan,
    Referral,
)
from carers.validators import validate_uk_phone
from common.forms import GovukDateInput, GovukDateTimeInput, GovukFormMixin, ServiceModelForm

CARER_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "postcode",
    "area",
    "gp_practice",
    "employment",
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
]


class CarerForm(ServiceModelForm):
    class Meta:
        model = Carer
        fields = CARER_FIELDS
        widgets = {
            "date_of_birth": GovukDateInput(),
            "identified_on": GovukDateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "hours_band": forms.RadioSelect,
        }
        help_texts = {
            "sex": "Equality monitoring questions are optional.",
        }

    def __init__(self, *args, council_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours_band"].choices = c.HoursBand.choices
        # Only the carer's own council's areas are offered (the service refuses any other).
        areas = self.fields["area"].queryset.order_by("name")
        self.fields["area"].queryset = areas.filter(council_id=council_id) if council_id else areas.none()


class CarerCreateForm(CarerForm):
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="I have checked: this is a different person",
        help_text="Tick only if the possible matches shown are not this person.",
    )

    class Meta(CarerForm.Meta):
        fields = [*CARER_FIELDS, "confirm_not_duplicate"]


class CaredForForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(required=False, widget=GovukDateInput())
    relationship = forms.ChoiceField(choices=c.Relationship.choices, help_text="How the carer is related to them.")
    conditions = forms.ModelMultipleChoiceField(
        queryset=ConditionCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Conditions",
    )
    lives_with_carer = forms.BooleanField(required=False, label="Lives with the carer")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CaredForPersonForm(ServiceModelForm):
    class Meta:
        model = CaredForPerson
        fields = ["first_name", "last_name", "date_of_birth", "conditions", "notes"]
        widgets = {
            "date_of_birth": GovukDateInput(),
            "conditions": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ContactForm(GovukFormMixin, forms.Form):
    """One form for a contact: channel, when, reason, advice, outcome and the referrals made."""

    channel = forms.ChoiceField(choices=c.Channel.choices, initial=c.Channel.PHONE)
    contacted_at = forms.DateTimeField(
        label="Date and time", widget=GovukDateTimeInput(), help_text="Leave as it is for a contact happening now."
    )
    reason = forms.ModelChoiceField(queryset=ContactReason.objects.filter(is_active=True))
    advice_given = forms.CharField(
        label="Information and advice given", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    outcome = forms.ChoiceField(choices=c.ContactOutcome.choices)
    outcome_notes = forms.CharField(
        label="Notes on the outcome", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    referrals = forms.MultipleChoiceField(
        choices=c.ReferralKind.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Referrals made"
    )
    close_referrals = forms.ModelMultipleChoiceField(
        queryset=Referral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Open referrals this contact closes",
    )

    def __init__(self, *args, carer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if carer is not None:
            self.fields["close_referrals"].queryset = Referral.objects.open().filter(carer=carer)
        if carer is None or not self.fields["close_referrals"].queryset.exists():
            del self.fields["close_referrals"]


class UnidentifiedContactForm(ContactForm):
    caller_name = forms.CharField(max_length=200, required=False, help_text="As much as they gave.")
    caller_phone = forms.CharField(max_length=30, required=False, validators=[validate_uk_phone])

    field_order = ["caller_name", "caller_phone"]

    def clean(self):
        data = super().clean()
        if not data.get("caller_name") and not data.get("caller_phone"):
            self.add_error("caller_name", "Give the caller's name or phone number.")
        return data


class ContactLinkForm(GovukFormMixin, forms.Form):
    carer = forms.ModelChoiceField(queryset=Carer.objects.none(), label="Carer", help_text="Search by name first.")

    def __init__(self, *args, carers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].queryset = carers if carers is not None else Carer.objects.none()


class AssessmentForm(ServiceModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessment_type",
            "assessed_on",
            "assessor",
            "outcome",
            "eligible_needs",
            "support_plan",
            "support_provided",
            "next_review_on",
        ]
        widgets = {
            "assessment_type": forms.RadioSelect,
            "assessed_on": GovukDateInput(),
            "next_review_on": GovukDateInput(),
            "eligible_needs": forms.Textarea(attrs={"rows": 3}),
            "support_plan": forms.Textarea(attrs={"rows": 4}),
            "support_provided": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment_type"].choices = c.AssessmentType.choices
        self.fields["assessor"].help_text = "Leave empty if you are the assessor."
        self.fields["assessor"].queryset = (
            self.fields["assessor"].queryset.filter(is_active=True).order_by("last_name", "first_name")
        )


class ContingencyPlanForm(ServiceModelForm):
    class Meta:
        model = ContingencyPlan
        fields = ["emergency_contacts", "arrangements", "card_number", "issued_on", "review_on"]
        widgets = {
            "emergency_contacts": forms.Textarea(attrs={"rows": 4}),
            "arrangements": forms.Textarea(attrs={"rows": 3}),
            "issued_on": GovukDateInput(),
            "review_on": GovukDateInput(),
        }


class MergeForm(GovukFormMixin, forms.Form):
    duplicate = forms.IntegerField(
        label="Record number of the duplicate", help_text="Its contacts, assessments and plans move to this record."
    )
    # The reason becomes the history rows' change reason ("Merged from carer 1 into 2: ..."),
    # which django-simple-history keeps in 100 characters.
    reason = forms.CharField(
        max_length=50, widget=forms.Textarea(attrs={"rows": 2}), help_text="Why they are the same person."
    )


class SubjectAccessRequestForm(GovukFormMixin, forms.Form):
    received_on = forms.DateField(widget=GovukDateInput(), initial=timezone.localdate)
    requested_by = forms.CharField(max_length=200, required=False, help_text="Leave empty if the carer asked.")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ErasureRequestForm(GovukFormMixin, forms.Form):
    received_on = forms.DateField(widget=GovukDateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What they asked for, in their words"
    )


class ErasureDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[x for x in c.ErasureDecision.choices if x[0] != c.ErasureDecision.PENDING], widget=forms.RadioSelect
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Including any retention period.")
    retain_until = forms.DateField(
        widget=GovukDateInput(), required=False, help_text="Needed when processing is restricted."
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: posting it confirms."""
