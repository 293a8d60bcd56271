"""Streaming CSV and XLSX exports that are safe to open in a spreadsheet.

Both take an iterator of rows (use `.values_list(...).iterator()`) so that a million-row export
never holds the table in memory. Cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import io
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


# Rows are sent in pieces of about this many characters: one write to the socket per row would
# cost a system call (and a chunk header) per row, most of the time of a large export.
CSV_PIECE = 64 * 1024


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a byte-order mark so Excel opens UTF-8 (names with accents) correctly
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        if buffer.tell() >= CSV_PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
