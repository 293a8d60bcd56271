"""The project's one domain error type.

Services raise `DomainError` when a business rule is broken (not a typo the user can fix in a
field: that is Django's ValidationError). Its message is plain English, written once next to the
rule. Views and the API turn it into an error message, attached to a field when one is named.
"""


class DomainError(Exception):
    """A broken business rule, with a message a user can act on."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "rule"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_error_dict(self) -> dict[str, list[str]]:
        return {self.field or "__all__": [self.message]}
