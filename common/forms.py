"""Form helpers shared by every app: GOV.UK rendering through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.functional import cached_property


class GovukFormMixin:
    """Give a form a GOV.UK FormHelper. The page template draws the <form>, the error summary
    (above the heading, as the Design System asks) and the buttons."""

    @cached_property
    def helper(self) -> FormHelper:
        # Built on first use, after a subclass's __init__ has added or removed fields.
        helper = FormHelper(self)
        helper.form_tag = False
        helper.label_size = "s"
        helper.legend_size = "s"
        return helper


class GovukDateInput(forms.DateInput):
    """A single date field with a hint-friendly ISO format (`type=date` gives a native picker)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


class GovukDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-input govuk-input--width-20", **(attrs or {})}, format="%Y-%m-%dT%H:%M")
