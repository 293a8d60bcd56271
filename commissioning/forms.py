"""Input forms of the contracts register: they parse and validate; the views call the services."""

from django import forms
from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from budgets.models import FundingStream
from commissioning.choices import AmendmentKind
from commissioning.models import (
    Accreditation,
    Contract,
    ContractKpi,
    DecisionThreshold,
    DeliveryMethod,
    KpiReturn,
    ProviderProfile,
    ServiceLine,
)
from common.fields import SHORT_TEXT
from common.forms import GovukDateInput, GovukFormMixin, ServiceModelForm

PROVIDER_KINDS = [OrganisationKind.PROVIDER, OrganisationKind.VOLUNTARY]
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


def _commissioners(user):
    queryset = User.objects.filter(is_active=True, groups__name=Role.COMMISSIONER.value)
    if not user.is_superuser:
        queryset = queryset.filter(organisation_id=user.organisation_id)
    return queryset.order_by("last_name", "first_name")


class ContractForm(ServiceModelForm):
    """A contract as awarded (its accountable body is the commissioner's own organisation)."""

    total_value = forms.DecimalField(label="Total value at award (£)", **MONEY)
    annual_value = forms.DecimalField(label="Annual value at award (£)", **MONEY)

    class Meta:
        model = Contract
        fields = [
            "reference",
            "title",
            "provider",
            "service_lines",
            "delivery_method",
            "funding_streams",
            "on_behalf_of",
            "lot",
            "total_value",
            "annual_value",
            "start_date",
            "initial_end_date",
            "extension_options",
            "notice_period_months",
            "tupe_applies",
            "owner",
            "next_review_date",
            "review_frequency",
            "description",
        ]
        widgets = {
            "start_date": GovukDateInput(),
            "initial_end_date": GovukDateInput(),
            "next_review_date": GovukDateInput(),
            "service_lines": forms.CheckboxSelectMultiple,
            "funding_streams": forms.CheckboxSelectMultiple,
            "on_behalf_of": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"description": "Scope"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(kind__in=PROVIDER_KINDS).order_by("name")
        self.fields["service_lines"].queryset = ServiceLine.objects.filter(is_active=True)
        self.fields["delivery_method"].queryset = DeliveryMethod.objects.filter(is_active=True)
        self.fields["funding_streams"].queryset = FundingStream.objects.filter(is_active=True)
        self.fields["on_behalf_of"].queryset = (
            Organisation.objects.filter(kind__in=[OrganisationKind.COUNCIL, OrganisationKind.NHS_BODY])
            .exclude(pk=getattr(user, "organisation_id", None))
            .order_by("name")
        )
        self.fields["owner"].queryset = _commissioners(user)


class DecisionFields(forms.Form):
    decision_maker = forms.CharField(label="Decided by", max_length=120, required=False, help_text="Who decided.")
    decision_body = forms.CharField(
        label="Decision body", max_length=120, required=False, help_text="Left empty: the body the threshold names."
    )
    decided_on = forms.DateField(label="Date of the decision", required=False, widget=GovukDateInput())
    decision_reference = forms.CharField(
        label="Decision reference", max_length=120, required=False, help_text="A minute or decision record number."
    )


class ExtendForm(GovukFormMixin, DecisionFields):
    months = forms.IntegerField(
        label="Months to extend by", min_value=1, max_value=120, required=False, help_text="Empty: the whole option."
    )
    added_value = forms.DecimalField(
        label="Value added (£)", required=False, help_text="Empty: the annual value for the months added.", **MONEY
    )
    effective_on = forms.DateField(
        label="Takes effect on", required=False, widget=GovukDateInput(), help_text="Empty: the day after the end."
    )
    rationale = forms.CharField(max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["months", "added_value", "effective_on", "rationale"]


class AmendForm(GovukFormMixin, DecisionFields):
    kind = forms.ChoiceField(
        label="Kind of change",
        choices=[(k, label) for k, label in AmendmentKind.choices if k != AmendmentKind.EXTENSION],
        widget=forms.RadioSelect,
    )
    effective_on = forms.DateField(label="Takes effect on", widget=GovukDateInput())
    rationale = forms.CharField(max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    new_total = forms.DecimalField(label="New total value (£)", required=False, **MONEY)
    new_annual = forms.DecimalField(label="New annual value (£)", required=False, **MONEY)
    new_end = forms.DateField(
        label="New end", required=False, widget=GovukDateInput(), help_text="Term or termination."
    )
    new_scope = forms.CharField(
        label="Scope after the change", max_length=SHORT_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["kind", "effective_on", "rationale", "new_total", "new_annual", "new_end", "new_scope"]


class ReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = forms.DateField(label="Reviewed on", widget=GovukDateInput(), initial=timezone.localdate)


class NoticePublishForm(GovukFormMixin, forms.Form):
    published_on = forms.DateField(label="Published on", widget=GovukDateInput(), initial=timezone.localdate)


class ProviderProfileForm(ServiceModelForm):
    class Meta:
        model = ProviderProfile
        fields = ["organisation", "charity_number", "company_number", "services", "notes"]
        widgets = {"services": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"services": "Services offered"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                kind__in=PROVIDER_KINDS, provider_profile__isnull=True
            ).order_by("name")


class AccreditationForm(ServiceModelForm):
    class Meta:
        model = Accreditation
        fields = ["scheme", "status", "reference", "awarded_on", "expires_on"]
        widgets = {"awarded_on": GovukDateInput(), "expires_on": GovukDateInput()}


class KpiForm(ServiceModelForm):
    class Meta:
        model = ContractKpi
        fields = ["name", "target", "frequency", "next_return_due"]
        widgets = {"next_return_due": GovukDateInput()}


class KpiReturnForm(ServiceModelForm):
    class Meta:
        model = KpiReturn
        fields = ["period_end", "actual", "rating", "comment"]
        widgets = {
            "period_end": GovukDateInput(),
            "rating": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }


class ThresholdForm(ServiceModelForm):
    over_value = forms.DecimalField(label="Over (£)", **MONEY)

    class Meta:
        model = DecisionThreshold
        fields = ["over_value", "decision_body", "applies_to", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Register file (CSV or XLSX)", help_text="The columns councils publish under the Transparency Code."
    )
