"""Filter pieces shared by every app's FilterSets (the list pages and the API use the same ones)."""

import django_filters
import django_filters.rest_framework
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

YES_NO = {"true": True, "false": False, "": None}


class GovukNullBooleanSelect(forms.Select):
    """Any / Yes / No as a GOV.UK select. Django's NullBooleanSelect is drawn unstyled by the
    GOV.UK template pack: too small a target (WCAG 2.2 target size) and labelled "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-select", **(attrs or {})})
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def format_value(self, value):
        return {True: ["true"], False: ["false"], "true": ["true"], "false": ["false"]}.get(value, [""])


class StrictNullBooleanField(forms.NullBooleanField):
    """`true`, `false`, or empty for either; anything else is an error, not silently "any"."""

    def to_python(self, value):
        if value in (True, False, None):
            return value
        if value not in YES_NO:
            raise ValidationError("Choose true or false (or leave empty for either).", code="invalid")
        return YES_NO[value]

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter (`?is_active=true`), drawn as a GOV.UK select."""

    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", GovukNullBooleanSelect)
        super().__init__(*args, **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    """A record id or a year: a whole number, so `?carer=0.5` is a field error, not "no rows"."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        # Drawn as a GOV.UK input (the template pack leaves a bare number input unstyled).
        kwargs.setdefault("widget", forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}))
        super().__init__(*args, **kwargs)


class AreaWithinFilter(django_filters.ModelChoiceFilter):
    """An area filter that includes every area below the one chosen: a county finds the records
    of its localities and wards (accounts.selectors.area_and_descendants, the one place that says
    what "within an area" means)."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        from accounts.selectors import area_and_descendants

        return qs.filter(**{f"{self.field_name}__in": area_and_descendants(value)})


def date_range_form(*ranges: tuple[str, str]) -> type[forms.Form]:
    """A FilterSet's form (`Meta.form`) that refuses a date range whose start is after its end,
    on the end field: `?from=2024-05-01&to=2024-04-01` would otherwise show nothing, silently.
    `ranges` are (from field, to field) name pairs. Invalid filters give a field error on the list
    page and a 400 in the API (django-filter's backend raises the form's errors)."""

    class DateRangeForm(forms.Form):
        def clean(self):
            cleaned = super().clean()
            for start_name, end_name in ranges:
                start, end = cleaned.get(start_name), cleaned.get(end_name)
                if start and end and start > end:
                    start_label = self.fields[start_name].label or start_name
                    self.add_error(end_name, f"Must be the same as or after “{start_label}”")
            return cleaned

    return DateRangeForm


class StrictFilterSet(django_filters.FilterSet):
    """The base of every FilterSet (an app's, and the one the API builds for `filterset_fields`):
    a filter made for a yes/no field takes only true or false, one for a whole-number field only a
    whole number (django-filter's defaults read `?is_active=AAA` as "any" and `?year=0.5` as a
    decimal)."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": YesNoFilter},
        # Each integer field class by name: django-filter's own table names every one of them.
        **{
            field: {"filter_class": WholeNumberFilter}
            for field in (
                models.SmallIntegerField,
                models.IntegerField,
                models.BigIntegerField,
                models.PositiveSmallIntegerField,
                models.PositiveIntegerField,
                models.PositiveBigIntegerField,
            )
        },
    }


class StrictFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """DRF's django-filter backend with StrictFilterSet behind every `filterset_fields`."""

    filterset_base = StrictFilterSet
