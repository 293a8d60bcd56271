"""The one way a service validates and saves a model instance.

`model_save(obj, **fields)` sets the fields, runs `full_clean()` and saves; a named database
constraint's violation comes back as a ValidationError with the constraint's own message, on its
field when the constraint names one field, whether `full_clean()` saw it or the database refused
the row (two requests racing past the same check). Text over its limit says so in one message
(common.fields.too_long_message) whatever field class checked it.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from common.fields import too_long_message
from common.history import record_change_reason


def _constraint_field(constraint) -> str:
    fields = getattr(constraint, "fields", ())
    return fields[0] if len(fields) == 1 else NON_FIELD_ERRORS


def _message(error: ValidationError) -> str:
    if error.code == "max_length" and error.params and "limit_value" in error.params:
        return too_long_message(error.params["limit_value"])
    return next(iter(error))


def model_full_clean(obj: models.Model, **kwargs) -> None:
    """obj.full_clean(**kwargs), with each named constraint's message put on its field.

    Django reports a constraint with its own message as a form-wide error even when the
    constraint is about one field (a card number already issued): that belongs on the field.
    """
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        errors: dict[str, list[str]] = {}
        for name, field_errors in exc.error_dict.items():
            errors[name] = [_message(error) for error in field_errors]
        general = errors.get(NON_FIELD_ERRORS, [])
        for constraint in obj._meta.constraints:
            message = str(constraint.violation_error_message)
            target = _constraint_field(constraint)
            if target != NON_FIELD_ERRORS and message in general:
                general.remove(message)
                errors.setdefault(target, []).append(message)
        if not general:
            errors.pop(NON_FIELD_ERRORS, None)
        raise ValidationError(errors) from exc


def _violated_constraint(obj: models.Model, exc: IntegrityError):
    """The model's named constraint that the database says `exc` broke, or None."""
    constraints = [c for c in obj._meta.constraints if getattr(c, "name", None)]
    diag = getattr(exc.__cause__, "diag", None)  # psycopg names the constraint
    name = getattr(diag, "constraint_name", None)
    if name:
        return next((c for c in constraints if c.name == name), None)
    text = str(exc)
    # SQLite: "CHECK constraint failed: <name>" or "UNIQUE constraint failed: table.col, table.col".
    match = re.search(r"CHECK constraint failed: (\w+)", text)
    if match:
        return next((c for c in constraints if c.name == match.group(1)), None)
    match = re.search(r"UNIQUE constraint failed: (.+)$", text)
    if match:
        columns = {part.strip().rsplit(".", 1)[-1] for part in match.group(1).split(",")}
        for constraint in constraints:
            fields = getattr(constraint, "fields", ())
            if fields and {obj._meta.get_field(f).column for f in fields} == columns:
                return constraint
    return None


def model_save(
    obj: models.Model,
    *,
    reason: str | None = None,
    exclude: list[str] | None = None,
    validate_constraints: bool = True,
    **fields,
) -> models.Model:
    """Set `fields` on `obj`, validate it (model_full_clean) and save it; return it.

    The save runs in a savepoint: when the database refuses the row on a named constraint that
    full_clean() could not see (another transaction inserted the same key after our check), the
    caller gets the same ValidationError as if full_clean() had seen it, never an IntegrityError
    (a 500), and its own transaction stays usable. `reason` is the history row's change reason.
    """
    for name, value in fields.items():
        setattr(obj, name, value)
    model_full_clean(obj, exclude=exclude, validate_constraints=validate_constraints)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        constraint = _violated_constraint(obj, exc)
        if constraint is None:
            raise
        raise ValidationError({_constraint_field(constraint): [str(constraint.violation_error_message)]}) from exc
    if reason:
        record_change_reason(obj, reason)
    return obj
