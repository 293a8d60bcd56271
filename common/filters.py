"""Filter pieces shared by every app's FilterSets (the list pages and the API use the same ones)."""

import django_filters
from django import forms


class GovukNullBooleanSelect(forms.NullBooleanSelect):
    """Any / Yes / No as a GOV.UK select. Django's own widget is drawn unstyled by the GOV.UK
    template pack: too small a target (WCAG 2.2 target size) and labelled "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-select", **(attrs or {})})
        self.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter (`?is_active=true`), drawn as a GOV.UK select."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", GovukNullBooleanSelect)
        super().__init__(*args, **kwargs)
