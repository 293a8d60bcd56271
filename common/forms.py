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


# Every date field's message for something that is not a date (GOV.UK's wording): a date typed
# as 31/02/2024 is not a real date, and saying "This field is required." after one was typed
# sends people looking for a box they left empty.
NOT_A_REAL_DATE = "Enter a real date, for example 27/03/2007"


class GovukDateInput(forms.DateInput):
    """A date typed as day/month/year (27/03/2007; 2007-03-27 too, as links and the API send it).

    A text box, not `type=date`: a browser's date picker submits nothing at all for an impossible
    date, which the server could only answer with "This field is required."; typed text reaches
    the form, which says the date is not a real one (NOT_A_REAL_DATE, set on every DateField in
    CommonConfig.ready)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )


class GovukDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-input govuk-input--width-20", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class ServiceModelForm(GovukFormMixin, forms.ModelForm):
    """A model form whose model rules run in the service it feeds (model_save's full_clean, with
    each constraint's message on its field), once: the form checks only what it is given, so a
    page, the API and an import refuse the same input with the same messages."""

    def _post_clean(self):
        pass
