"""Shared pieces of a spreadsheet import (carers today; contracts, spend and packages next):
reading what councils write in choice columns, and finding every value the database would
refuse before a row is called ready.

A check that says "ready" must mean the rows will import: `database_refusals` finds the values
that pass Django's validators but that PostgreSQL refuses at INSERT time (a NUL character in
text), together with the limits of the model field itself (its max_length, the range of an
integer column), so that confirmation never answers 500 with a DataError.
"""

import re
from collections.abc import Iterable

from django.db import connection, models

NUL = "\x00"
# How much of a refused value is kept in an error report (the report is stored as JSON).
REPORTED_VALUE_CHARS = 100

_SEPARATORS = re.compile(r"[\s_\-–—/]+")


def choice_key(value) -> str:
    """What a choice cell is matched on: lower case, with underscores, hyphens, dashes, slashes
    and runs of spaces all one space, and a trailing full stop dropped ("Self-referral",
    "self_referral" and "SELF REFERRAL." are the same)."""
    text = str(value or "").strip().lower().rstrip(".")
    return _SEPARATORS.sub(" ", text).strip()


def choice_lookup(choices: Iterable[tuple[str, str]], aliases: dict[str, Iterable[str]] | None = None) -> dict:
    """{choice_key: code} for each choice's code and label, plus the extra spellings in
    `aliases` ({code: [spellings]})."""
    lookup = {}
    for code, label in choices:
        lookup[choice_key(code)] = code
        lookup[choice_key(label)] = code
    for code, spellings in (aliases or {}).items():
        for spelling in spellings:
            lookup[choice_key(spelling)] = code
    lookup.pop("", None)
    return lookup


# What councils write in a cell for "we do not know" (matched as choice_key writes them).
NOT_KNOWN = {
    choice_key(text) for text in ("not known", "unknown", "n/k", "nk", "not recorded", "none given", "n/a", "?")
}


def reportable(value) -> str:
    """A cell's value as it may be shown and stored in an error report: NUL characters made
    visible (PostgreSQL refuses them in JSON too) and long values shortened."""
    text = "" if value is None else str(value)
    text = text.replace(NUL, "\\0")
    if len(text) > REPORTED_VALUE_CHARS:
        text = text[:REPORTED_VALUE_CHARS] + "…"
    return text


def database_refusals(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """{field name: message} for each value of `instance` the database would refuse on save.

    Checked for every concrete field: a NUL character in text (PostgreSQL text cannot hold
    one), text longer than the field's max_length, and an integer outside the column's range
    on this database. full_clean() reports the last two as well for most fields; they are
    checked here too so that this one function is the whole of "will it save"."""
    refusals: dict[str, str] = {}
    skipped = set(exclude)
    for field in instance._meta.concrete_fields:
        if field.name in skipped or field.attname in skipped:
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(value, str):
            if NUL in value:
                refusals[field.name] = "Remove the hidden NUL character (\\0) from this value."
            elif field.max_length is not None and len(value) > field.max_length:
                refusals[field.name] = f"Use at most {field.max_length:,} characters (this value has {len(value):,})."
        elif isinstance(value, int) and not isinstance(value, bool) and isinstance(field, models.IntegerField):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                refusals[field.name] = "This number is too large to store."
    return refusals
