"""The project's one domain error type.

Services raise `DomainError` when a business rule is broken (not a typo the user can fix in a
field: that is Django's ValidationError). Its message is plain English, written once next to the
rule. Views and the API turn it into an error message, attached to a field when one is named.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class DomainError(Exception):
    """A broken business rule, with a message a user can act on."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "rule"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_error_dict(self) -> dict[str, list[str]]:
        return {self.field or "__all__": [self.message]}


def errors_by_field(exc: Exception) -> dict[str, list[str]]:
    """A ValidationError's or DomainError's messages by field name, "__all__" for the whole form.

    The one mapping behind the form pages (common.views.apply_errors) and the API's error shape
    (common.api.exceptions), so that a page and an API call say the same thing in the same place.
    """
    if isinstance(exc, DomainError):
        return exc.as_error_dict()
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return {name: list(messages) for name, messages in exc.message_dict.items()}
        return {NON_FIELD_ERRORS: list(exc.messages)}
    raise TypeError(f"Not a validation or domain error: {exc!r}")
