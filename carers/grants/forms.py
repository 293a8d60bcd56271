from crispy_forms_gds.helper import FormHelper
from django import forms

from accounts.models import Organisation
from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.models import Carer, CarerGrant, VoucherRedemption
from common.forms import GovukDateInput, GovukFormMixin, ServiceModelForm


class GrantForm(ServiceModelForm):
    """An application. The carer comes from the page's context (?carer=<id>) or is typed in."""

    carer_id = forms.IntegerField(label="Carer record number", min_value=1)

    class Meta:
        model = CarerGrant
        fields = ["kind", "purpose", "applied_on", "amount_requested", "vouchers_requested"]
        widgets = {"applied_on": GovukDateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "amount_requested": "In pounds and pence, for grants and direct payments.",
            "vouchers_requested": "For Take a Break vouchers only.",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            del self.fields["carer_id"]  # an application stays with its carer
        else:
            self.order_fields(["carer_id"])
        self.helper = FormHelper(self)  # again, for the fields' new order
        self.helper.form_tag = False
        self.helper.label_size = self.helper.legend_size = "s"

    def clean_carer_id(self):
        carer = Carer.objects.visible_to(self.user).everyday().filter(pk=self.cleaned_data["carer_id"]).first()
        if carer is None:
            raise forms.ValidationError("No carer with this record number that you can see.")
        self.cleaned_data["carer"] = carer
        return carer.pk


class GrantDecisionForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Decision",
        choices=[(GrantStatus.APPROVED, "Approve"), (GrantStatus.DECLINED, "Decline")],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="Date of decision", widget=GovukDateInput())
    amount_awarded = forms.DecimalField(
        max_digits=10, decimal_places=2, required=False, help_text="For grants and direct payments."
    )
    vouchers_issued = forms.IntegerField(required=False, min_value=1, help_text="For Take a Break vouchers.")
    payment_method = forms.ChoiceField(choices=[("", "Choose")] + PaymentMethod.choices, required=False)
    paid_on = forms.DateField(label="Paid on", required=False, widget=GovukDateInput())
    decision_reason = forms.CharField(
        label="Reason for the decision", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VoucherRedemptionForm(ServiceModelForm):
    class Meta:
        model = VoucherRedemption
        fields = ["provider", "redeemed_on", "vouchers_used", "note"]
        widgets = {"redeemed_on": GovukDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            kind__in=["provider", "voluntary"], is_active=True
        ).order_by("name")


KIND_CHOICES = GrantKind.choices
