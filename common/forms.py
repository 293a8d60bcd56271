"""Form helpers shared by every app: GOV.UK rendering through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Give a form a GOV.UK FormHelper. The page template draws the <form>, the error summary
    (above the heading, as the Design System asks) and the buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"


class GovukDateInput(forms.DateInput):
    """A single date field with a hint-friendly ISO format (`type=date` gives a native picker)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovukDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
