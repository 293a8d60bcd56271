"""Filter fields shared by every app's FilterSets."""

import django_filters
from django import forms


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no/any filter drawn as a GOV.UK select (Django's NullBooleanSelect is unstyled)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]))
        super().__init__(*args, **kwargs)
