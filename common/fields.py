"""Model fields shared by every app: free text with a limit that every way in enforces."""

from django.core import validators
from django.db import models


def too_long_message(limit: int) -> str:
    """The one message for text over its limit: the same on a page, in the API and in an import."""
    return f"Enter at most {limit:,} characters."


class MaxLengthValidator(validators.MaxLengthValidator):
    """Django's max-length check with the project's message (code "max_length", as Django's)."""

    def __init__(self, limit_value: int):
        super().__init__(limit_value, message=too_long_message(limit_value))


class BoundedTextField(models.TextField):
    """A TextField with a required `max_length` that the model itself checks (full_clean), so a
    service, an import and the API refuse over-long text as a ModelForm does.

    Django's TextField passes `max_length` to its form field and to DRF's ModelSerializer but
    never checks it on the model, and the database column stays unbounded `text`: without this a
    100,000-character note reached the database through every path that is not a form. The
    column is unchanged (no schema change), so the limit can be raised later without a rewrite.
    """

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages["max_length"] = too_long_message(self.max_length)
        return field


# The limits, by kind of text: an address, a short explanation (a purpose, a reason, a
# description), and case notes (advice given, a support plan). Generous for real use, small
# enough that a pasted document or a script's junk is refused with a message rather than stored.
ADDRESS = 500
SHORT_TEXT = 2_000
NOTES = 5_000
