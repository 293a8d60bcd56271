"""Streaming CSV and XLSX exports that are safe to open in a spreadsheet.

Both take an iterator of rows (use `.values_list(...).iterator()`) so that a million-row export
never holds the table in memory. Cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return `value`, with a leading quote on text a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer streaming."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark so Excel opens UTF-8 (names with accents) correctly
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """Stream rows as a CSV download."""
    response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Data"
) -> FileResponse:
    """Write rows to an XLSX workbook in openpyxl's write-only mode and send it as a download.

    Write-only mode streams rows to a temporary file rather than building the sheet in memory.
    Decimals stay exact numbers with a £ format; dates stay dates.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _xlsx_value(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return value
    return safe_cell(value)
