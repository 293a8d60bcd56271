"""Form helpers shared by every app: GOV.UK rendering through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.functional import cached_property

from common.fields import too_long_message


class GovukFormMixin:
    """Give a form a GOV.UK FormHelper. The page template draws the <form>, the error summary
    (above the heading, as the Design System asks) and the buttons.

    Text over a field's limit gets the project's one message (common.fields.too_long_message),
    the same the API and the import give, whether the form field was made from the model or not.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = too_long_message(field.max_length)

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
