from django import forms

from accounts.models import Area, Organisation
from carers.directory.choices import DirectoryCategory
from carers.models import Contact, DirectoryEntry
from common.forms import ServiceModelForm


class DirectoryEntryForm(ServiceModelForm):
    website = forms.URLField(required=False, assume_scheme="https", help_text="For example https://example.org.uk")

    class Meta:
        model = DirectoryEntry
        fields = [
            "name",
            "category",
            "organisation",
            "area",
            "description",
            "phone",
            "email",
            "website",
            "address",
            "postcode",
            "opening_times",
            "is_commissioned",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")


class DirectorySearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    category = forms.ChoiceField(required=False, choices=[("", "Any")] + DirectoryCategory.choices)
    area = forms.ModelChoiceField(required=False, queryset=Area.objects.all())
    contact = forms.IntegerField(required=False, min_value=1)


class InformationGivenForm(forms.Form):
    contact = forms.IntegerField(min_value=1)
    entry = forms.ModelChoiceField(queryset=DirectoryEntry.objects.all())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_contact(self):
        contact = Contact.objects.visible_to(self.user).filter(pk=self.cleaned_data["contact"]).first()
        if contact is None:
            raise forms.ValidationError("No contact with this number that you can see.")
        return contact
