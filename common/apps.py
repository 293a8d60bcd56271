from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Code shared by several apps and owned by none: no models with domain meaning."""

    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        from django import forms

        from common.forms import NOT_A_REAL_DATE

        # One message for every date field, forms and list filters alike (django-filter's
        # DateFilter uses forms.DateField): Django's "Enter a valid date." does not say what is wrong.
        forms.DateField.default_error_messages = {**forms.DateField.default_error_messages, "invalid": NOT_A_REAL_DATE}
