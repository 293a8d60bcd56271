from django import forms
from django.contrib.auth import forms as auth_forms

from accounts.choices import Role
from accounts.models import Area, Organisation, User
from common.forms import GovukFormMixin


class OrganisationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "reference", "address", "email", "phone", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class AreaForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "level", "parent", "council", "code", "postcode_districts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Area.objects.exclude(level="ward").order_by("level", "name")
        self.fields["parent"].help_text = "Leave empty for a county; a locality sits in a county, a ward in a locality."


class _UserFields(GovukFormMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="What this person may do. Most people have one role.",
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "job_title"]


class UserCreateForm(_UserFields):
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 12 characters, not a common password and not all numbers.",
    )

    class Meta(_UserFields.Meta):
        fields = [*_UserFields.Meta.fields]


class UserUpdateForm(_UserFields):
    class Meta(_UserFields.Meta):
        fields = [*_UserFields.Meta.fields, "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = [group.name for group in self.instance.groups.all()]


class TokenForm(forms.Form):
    """Nothing to fill in: posting it rotates the user's API token."""


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass
