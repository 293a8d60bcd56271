"""One error shape for every API failure: {"message": "...", "errors": {field: ["..."]}}."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import DomainError, errors_by_field

NON_FIELD = "non_field_errors"


def _flatten(data, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error data into {"field" or "parent.child": ["message", ...]}."""
    if isinstance(data, dict):
        out: dict[str, list[str]] = {}
        for key, value in data.items():
            name = NON_FIELD if key in ("__all__", NON_FIELD) and not prefix else f"{prefix}{key}"
            out.update(_flatten(value, f"{name}."))
        return out
    if isinstance(data, list) and data and all(isinstance(item, (dict, list)) for item in data):
        out = {}
        for index, item in enumerate(data):
            out.update(_flatten(item, f"{prefix}{index}."))
        return out
    items = data if isinstance(data, list) else [data]
    return {(prefix[:-1] or NON_FIELD): [str(item) for item in items]}


def exception_handler(exc, context) -> Response | None:
    if isinstance(exc, (DomainError, DjangoValidationError)):
        # The same mapping as the form pages (common.views.apply_errors): one field per message.
        errors = {
            (NON_FIELD if name == NON_FIELD_ERRORS else name): list(messages)
            for name, messages in errors_by_field(exc).items()
        }
        message = exc.message if isinstance(exc, DomainError) else "The request has errors; see each field."
        return Response({"message": message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        message = "The request has errors; see each field."
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        message, errors = str(detail), {}
    response.data = {"message": message, "errors": errors}
    return response
