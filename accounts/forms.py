from django import forms
from django.contrib.auth import forms as auth_forms

from accounts.choices import OrganisationKind, Role
from accounts.models import Area, Organisation, User
from accounts.querysets import deployment_wide
from common.forms import GovukFormMixin


class OrganisationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "reference", "address", "email", "phone", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        own_council = self.instance.pk and user is not None and self.instance.pk == user.organisation_id
        if user is not None and not deployment_wide(user) and not own_council:
            # Councils are the deployment administrator's to add (accounts.services.organisation_save).
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] != OrganisationKind.COUNCIL
            ]


class AreaForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "level", "parent", "council", "code", "postcode_districts"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Area.objects.exclude(level="ward").order_by("level", "name")
        if user is not None and not user.is_superuser:
            # An administrator manages their own council's areas (accounts.services.area_save).
            parents = parents.filter(council_id=user.organisation_id)
            self.fields["council"].queryset = Organisation.objects.filter(pk=user.organisation_id)
            self.fields["council"].initial = user.organisation_id
        self.fields["parent"].queryset = parents
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not deployment_wide(user):
            # A council's administrator manages their own council's users (accounts.services).
            self.fields["organisation"].queryset = Organisation.objects.filter(pk=user.organisation_id)
            self.fields["organisation"].initial = user.organisation_id
            self.fields["roles"].choices = [
                choice for choice in Role.choices if choice[0] != Role.DEPLOYMENT_ADMINISTRATOR
            ]


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
