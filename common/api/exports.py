"""`?format=csv` on an API list: the whole filtered list, streamed through the shared export.

A page of JSON is a page; a CSV of a list is the list. `KeysetPagination` hands a CSV request's
filtered, ordered queryset here instead of cutting a page from it, and this streams every row,
serialized by the view's own serializer (the same columns and values as the JSON), in chunks
read from the database with `.iterator()`: memory stays flat however long the list.
"""

import re
from decimal import Decimal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from common.exports import csv_response

# Rows are read from the database and serialized this many at a time (prefetches run per chunk).
CHUNK_ROWS = 1000
# Decimals and numbers the serializer gives as strings stay numbers: "-5.00" is money, not a formula.
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def wants_csv(request) -> bool:
    """Whether the request asked for CSV (`?format=csv`, a `.csv` suffix or `Accept: text/csv`)."""
    return getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv"


def csv_list_response(view, queryset: QuerySet) -> StreamingHttpResponse:
    """Every row of `queryset` as CSV, through `view`'s serializer; a view may log the export
    first (`log_csv_export(queryset)`, as the carers list writes each carer's access log)."""
    log = getattr(view, "log_csv_export", None)
    if log is not None:
        log(queryset)
    serializer = view.get_serializer()
    header = [name for name, field in serializer.fields.items() if not field.write_only]
    rows = (
        [_cell(row.get(name)) for name in header]
        for row in (serializer.to_representation(obj) for obj in queryset.iterator(chunk_size=CHUNK_ROWS))
    )
    return csv_response(f"{getattr(view, 'basename', None) or 'export'}.csv", header, rows, bom=False)


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, str) and _NUMBER.fullmatch(value) and str(Decimal(value)) == value:
        return Decimal(value)  # a number as the serializer wrote it ("07700" is a phone: text)
    return value
