"""Streaming CSV and XLSX exports that are safe to open in a spreadsheet.

An export is a queryset and a list of `Column`s (a header, a field path or expression, and a kind:
text, int, money, date, datetime or yes/no). On PostgreSQL the CSV is PostgreSQL's own
`COPY (query) TO STDOUT WITH (FORMAT csv)`, every cell formatted in SQL, sent to the client as it
arrives in pieces of about 64 KB: the rows never become Python objects, so the export runs at the
speed of the database. On the embedded default (SQLite) the same columns are formatted in Python
and written the way COPY writes them, so both give the same bytes for the same data (a test proves
it). XLSX is written in openpyxl's write-only mode, in constant memory, with real numbers and dates.

What a cell holds, on both paths:

- text: as stored (a choice's label where the column has `choices`); a cell that a spreadsheet
  would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return, as OWASP lists)
  gets a leading `'`; an empty text is an empty cell.
- int: digits. money: pounds and pence with two decimal places and no symbol (`1234.50`, `-5.00`),
  rounded half away from zero, so a spreadsheet reads a number. date: `YYYY-MM-DD`.
  datetime: `YYYY-MM-DD HH:MM` in the council's time zone (`TIME_ZONE`). bool: `Yes` / `No`.
- None is an empty cell.

The file starts with a UTF-8 byte-order mark (so Excel reads accented names) and a header row;
lines end in `\\n`; a cell is quoted when it holds a comma, a quote or a line break (and `\\.` alone
on a line of one column).
"""

import enum
import re
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Rows are sent in pieces of about this many bytes: one write to the socket per row would cost a
# system call (and a chunk header) per row, most of the time of a large export.
CSV_PIECE = 64 * 1024

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
BOM = "\ufeff"
PENNY = Decimal("0.01")
MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


class Kind(enum.StrEnum):
    TEXT = "text"
    INT = "int"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    # Rows that are not a queryset and declare no kinds (an import's error report, API rows): text
    # is neutralised, numbers and dates are written as they are. There is no SQL twin.
    AUTO = "auto"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, where its value comes from (a field path such as
    `area__name`, or any ORM expression), and its kind. `choices` maps stored values to the labels
    the file shows (text columns)."""

    header: str
    source: object
    kind: Kind = Kind.TEXT
    choices: Mapping[str, str] | None = field(default=None, hash=False)

    def as_text(self, value) -> str | None:
        """The cell as the CSV writes it (None for an empty cell); the Python twin of `sql()`."""
        if value is None:
            return None
        if self.kind is Kind.AUTO:
            return _auto_text(value)
        if self.kind is Kind.TEXT:
            text = str(self.choices.get(value, value) if self.choices else value)
            return safe_cell(text) or None
        if self.kind is Kind.INT:
            return str(int(value))
        if self.kind is Kind.MONEY:
            # Adding zero turns a rounded -0.00 into 0.00, as PostgreSQL's numeric has no negative zero.
            return format(Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP) + 0, "f")
        if self.kind is Kind.DATE:
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        if self.kind is Kind.DATETIME:
            return _local(value).strftime("%Y-%m-%d %H:%M")
        return "Yes" if value else "No"

    def as_cell(self, value):
        """The value as an XLSX cell: numbers stay numbers, dates stay dates, text is neutralised."""
        if value is None:
            return None
        if self.kind is Kind.AUTO:
            return _local(value).replace(tzinfo=None) if isinstance(value, datetime) else safe_cell(value)
        if self.kind is Kind.TEXT:
            return self.as_text(value)
        if self.kind is Kind.INT:
            return int(value)
        if self.kind is Kind.MONEY:
            return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
        if self.kind is Kind.DATE:
            return value.date() if isinstance(value, datetime) else value
        if self.kind is Kind.DATETIME:
            return _local(value).replace(tzinfo=None, second=0, microsecond=0)
        return "Yes" if value else "No"

    def sql(self, ref: str) -> tuple[str, list]:
        """PostgreSQL that formats the raw value `ref` exactly as `as_text()` does."""
        params: list = []
        if self.kind is Kind.TEXT:
            text = f"{ref}::text"
            # ascii() of the first character compares integers, where left() IN (...) made a
            # string per row and compared it under the collation.
            sql = f"CASE WHEN ascii({text}) IN (61, 43, 45, 64, 9, 13) THEN '''' || {text} ELSE NULLIF({text}, '') END"
            if self.choices:
                # A stored value's label is known here: neutralised once in Python (the same
                # safe_cell as as_text), not per row in SQL; only other values meet the CASE above.
                whens = " ".join("WHEN %s THEN %s" for _ in self.choices)
                sql = f"CASE {text} {whens} ELSE {sql} END"
                for stored, label in self.choices.items():
                    params += [str(stored), safe_cell(str(label)) or None]
            return sql, params
        # Numbers and dates are left to COPY's own output functions (the digits str() writes; dates
        # in ISO, the DateStyle every copy sets), cheaper per row than to_char() or a cast to text.
        if self.kind is Kind.INT:
            return f"{ref}::bigint", params
        if self.kind is Kind.MONEY:
            return f"round({ref}::numeric, 2)", params
        if self.kind is Kind.DATE:
            return f"{ref}::date", params
        if self.kind is Kind.DATETIME:
            return f"left(({ref} AT TIME ZONE %s)::text, 16)", [settings.TIME_ZONE]
        if self.kind is Kind.BOOL:
            return f"CASE WHEN {ref} THEN 'Yes' WHEN NOT {ref} THEN 'No' END", params
        raise ValueError(f"Column {self.header!r}: a {self.kind} column has no SQL; give it a kind.")


def _local(value: datetime) -> datetime:
    """A stored (UTC) date and time in the council's time zone, as `AT TIME ZONE` gives it."""
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)) if timezone.is_aware(value) else value


def _auto_text(value) -> str | None:
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(safe_cell(value)) or None


def safe_cell(value):
    """Return `value`, with a leading quote on text a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- Writing CSV as COPY writes it ----------------------------------------------------------------
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _csv_field(text: str | None) -> str:
    if not text:
        return ""
    # COPY quotes a cell holding the delimiter, the quote or a line break.
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[str | None]) -> str:
    """One CSV line of already formatted cells, quoted as PostgreSQL's COPY quotes them."""
    fields = [_csv_field(cell) for cell in cells]
    if fields == ["\\."]:
        # A one-column line holding COPY's end-of-data marker alone is quoted, as COPY does.
        return '"\\."\n'
    return ",".join(fields) + "\n"


def _header(columns: Sequence[Column], *, bom: bool = True) -> bytes:
    return ((BOM if bom else "") + csv_line(safe_cell(column.header) for column in columns)).encode()


def _columns(header: Sequence[Column | str]) -> list[Column]:
    return [name if isinstance(name, Column) else Column(str(name), None, Kind.AUTO) for name in header]


def csv_rows(columns: Sequence[Column], rows: Iterable[Sequence], *, bom: bool = True) -> Iterator[bytes]:
    """The CSV file, in ~64 KB pieces, of rows of raw values (one per column) formatted in Python.
    `bom=False` leaves out the byte-order mark (for API clients, which are programs, not Excel)."""
    yield _header(columns, bom=bom)
    pieces: list[str] = []
    size = 0
    for row in rows:
        line = csv_line(column.as_text(value) for column, value in zip(columns, row, strict=True))
        pieces.append(line)
        size += len(line)
        if size >= CSV_PIECE:
            yield "".join(pieces).encode()
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces).encode()


# --- From a queryset --------------------------------------------------------------------------
def _raw_values(queryset: QuerySet, columns: Sequence[Column], key: str = "") -> QuerySet:
    """The queryset selecting each column's raw value, named export_c0, export_c1, ... in order
    (and `key` as export_key, when given)."""
    expressions = {
        f"export_c{i}": F(column.source) if isinstance(column.source, str) else column.source
        for i, column in enumerate(columns)
    }
    if key:
        expressions["export_key"] = F(key)
    return queryset.annotate(**expressions).values_list(*expressions)


def copy_sql(queryset: QuerySet, columns: Sequence[Column]) -> tuple[str, list] | None:
    """`COPY (...) TO STDOUT WITH (FORMAT csv)` of the formatted columns, and its parameters; None
    for a queryset known to be empty."""
    try:
        inner, inner_params = _raw_values(queryset, columns).query.sql_with_params()
    except EmptyResultSet:
        return None
    selects, params = [], []
    for i, column in enumerate(columns):
        sql, column_params = column.sql(f'x."export_c{i}"')
        selects.append(sql)
        params += column_params
    # The inner query is the ORM's own compilation; column SQL is ours with values as parameters.
    query = f"COPY (SELECT {', '.join(selects)} FROM ({inner}) AS x) TO STDOUT WITH (FORMAT csv)"  # noqa: S608  # nosec B608
    return query, [*params, *inner_params]


def _copy_pieces(using: str, columns: Sequence[Column], statement: tuple[str, list] | None) -> Iterator[bytes]:
    yield _header(columns)
    if statement is None:
        return
    connection = connections[using]
    # psycopg's own cursor under Django's wrapper: COPY is not an execute().
    with connection.cursor() as cursor:
        _iso_dates(cursor)
        yield from _copy_rows(cursor, statement)


def _iso_dates(cursor) -> None:
    """Dates and times come out of COPY (and ::text) as `YYYY-MM-DD HH:MM:SS` whatever DateStyle
    the server was configured with."""
    cursor.execute("SET datestyle TO ISO")


def _copy_rows(cursor, statement: tuple[str, list]) -> Iterator[bytes]:
    with cursor.cursor.copy(*statement) as copy:
        piece = bytearray()
        for data in copy:  # one row per message from the server
            piece += data
            if len(piece) >= CSV_PIECE:
                yield bytes(piece)
                piece.clear()
        if piece:
            yield bytes(piece)


def csv_pieces(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[bytes]:
    """The CSV file of `queryset`, in pieces: COPY on PostgreSQL, the Python writer elsewhere."""
    if connections[queryset.db].vendor == "postgresql":
        # Compiled now, so a bad column fails before the response starts rather than mid-stream.
        return _copy_pieces(queryset.db, columns, copy_sql(queryset, columns))
    return python_csv_pieces(queryset, columns)


def snapshot_csv_pieces(
    queryset: QuerySet, columns: Sequence[Column], *, key: str, before_sending: Callable[[str, str], None]
) -> Iterator[bytes]:
    """PostgreSQL only: the CSV of `queryset` read from the tables ONCE, for an export that must also
    record which rows it holds before it is sent (the carers export's access log).

    The formatted rows go into a temporary table in one statement; `before_sending(table, column)`
    then reads the rows' `key` (e.g. "pk") from that table (and commits what it writes) before the
    first byte is sent; the file is a COPY of the table, streamed; the table is dropped when the
    stream ends or is abandoned. Reading a wide table twice (once for the log, once for the file)
    cost more than the file itself."""
    using = queryset.db
    connection = connections[using]
    try:
        inner, inner_params = _raw_values(queryset, columns, key=key).query.sql_with_params()
    except EmptyResultSet:
        inner = None
    if inner is None:
        return iter([_header(columns)])
    table = f"export_snapshot_{secrets.token_hex(8)}"
    selects, params = [], []
    for i, column in enumerate(columns):
        sql, column_params = column.sql(f'x."export_c{i}"')
        selects.append(f"{sql} AS f{i}")
        params += column_params
    with connection.cursor() as cursor:
        _iso_dates(cursor)
        # Our own names and column SQL (values as parameters) around the ORM's compiled query.
        cursor.execute(
            f'CREATE TEMPORARY TABLE {table} AS SELECT x."export_key", {", ".join(selects)} '  # noqa: S608  # nosec B608
            f"FROM ({inner}) AS x",
            [*params, *inner_params],
        )
    try:
        before_sending(table, "export_key")
    except BaseException:
        _drop(connection, table)
        raise
    names = ", ".join(f"f{i}" for i in range(len(columns)))
    # A temporary table is read in the order it was written (local buffers: no synchronised or
    # parallel scans), which is the query's order; a sort here would spill to disk (tested).
    statement = (f"COPY (SELECT {names} FROM {table}) TO STDOUT WITH (FORMAT csv)", [])  # noqa: S608  # nosec B608
    return _dropping(_copy_pieces(using, columns, statement), connection, table)


def _dropping(pieces: Iterator[bytes], connection, table: str) -> Iterator[bytes]:
    try:
        yield from pieces
    finally:
        _drop(connection, table)


def _drop(connection, table: str) -> None:
    if connection.connection is not None:  # closed already (the temporary table went with it)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def python_csv_pieces(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[bytes]:
    """The same file formatted in Python: the embedded default's path (and COPY's twin in tests)."""
    return csv_rows(columns, _raw_values(queryset, columns).iterator(chunk_size=2000))


def export_format(request) -> str:
    """`?format=csv` (the default) or `?format=xlsx`; anything else is no such download."""
    chosen = request.GET.get("format", "csv")
    if chosen not in FORMATS:
        raise Http404("No such download format.")
    return chosen


def export_response(
    queryset: QuerySet, columns: Sequence[Column], *, filename: str, format: str = "csv", sheet_title: str = "Data"
):
    """The queryset as a CSV or XLSX download named `filename` plus the format's extension."""
    if format == "xlsx":
        rows = _raw_values(queryset, columns).iterator(chunk_size=2000)
        return xlsx_response(f"{filename}.xlsx", columns, rows, sheet_title=sheet_title)
    return _csv_download(f"{filename}.csv", csv_pieces(queryset, columns))


def rows_response(
    header: Sequence[Column | str], rows: Iterable[Sequence], *, filename: str, format: str = "csv", sheet_title="Data"
):
    """Rows that are not a queryset (an import's error report) as a CSV or XLSX download."""
    if format == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title=sheet_title)
    return csv_response(f"{filename}.csv", header, rows)


def csv_download(filename: str, pieces: Iterator[bytes]) -> StreamingHttpResponse:
    """CSV pieces (csv_pieces, snapshot_csv_pieces) as a streamed download named `filename`."""
    return _csv_download(filename, pieces)


def _csv_download(filename: str, pieces: Iterator[bytes]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(pieces, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, header: Sequence[Column | str], rows: Iterable[Sequence], *, bom: bool = True
) -> StreamingHttpResponse:
    """Stream rows of raw values as a CSV download; plain header names take values as they come."""
    return _csv_download(filename, csv_rows(_columns(header), rows, bom=bom))


def xlsx_response(
    filename: str, header: Sequence[Column | str], rows: Iterable[Sequence], *, sheet_title: str = "Data"
) -> FileResponse:
    """Write rows to an XLSX workbook in openpyxl's write-only mode and send it as a download.

    Write-only mode streams rows to a temporary file rather than building the sheet in memory.
    Money stays an exact number with a £ format; dates stay dates; text is neutralised.
    """
    return xlsx_sheets_response(filename, [(sheet_title, header, rows)])


def xlsx_sheets_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[Column | str], Iterable[Sequence]]]
) -> FileResponse:
    """Like xlsx_response, with one sheet per (title, header, rows), written in that order."""
    workbook = Workbook(write_only=True)
    formats = {Kind.MONEY: MONEY_FORMAT, Kind.DATE: DATE_FORMAT, Kind.DATETIME: DATETIME_FORMAT}
    for sheet_title, header, rows in sheets:
        columns = _columns(header)
        sheet = workbook.create_sheet(title=sheet_title[:31])
        sheet.append([safe_cell(column.header) for column in columns])
        for row in rows:
            cells = []
            for column, value in zip(columns, row, strict=True):
                cell = column.as_cell(value)
                if column.kind in formats and cell is not None:
                    cell = WriteOnlyCell(sheet, value=cell)
                    cell.number_format = formats[column.kind]
                cells.append(cell)
            sheet.append(cells)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
