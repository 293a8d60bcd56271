"""The shared export: PostgreSQL's COPY and the embedded default's Python writer give the same bytes;
XLSX keeps numbers, money and dates as such and neutralises formulas."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from openpyxl import load_workbook

from carers.grants.choices import GrantKind
from carers.models import CarerGrant
from common.exports import (
    Column,
    Kind,
    copy_sql,
    csv_pieces,
    export_format,
    export_response,
    python_csv_pieces,
    xlsx_response,
)
from tests.carers.factories import CarerFactory
from tests.conftest import using_postgres

NAMES = [
    '=HYPERLINK("http://evil.example","click")',
    "+44 1234 567890",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
    "Zoë Ñúñez-Łukasz",
    "O'Brien, Jr.",
    'Say "hi"',
    "Line\nbreak",
    "\\.",
    "  spaced  ",
    "日本語",
    "Plain",
]
PURPOSES = ["A break\r\nin Wales", "", "Course, then gym", "=1+1", '"quoted"', "-"]
AMOUNTS = [Decimal("1234.50"), None, Decimal("0.01"), Decimal("99999999.99"), Decimal("250"), Decimal("7.05")]


@pytest.fixture
def grants(db):
    """A grant per awkward name: formulas, quotes, line breaks, non-ASCII, COPY's end marker."""
    for i, name in enumerate(NAMES):
        carer = CarerFactory(first_name=name, last_name=f"Carer{i}", phone="" if i % 2 else "-07700 900123")
        CarerGrant.objects.create(
            carer=carer,
            organisation=carer.organisation,
            kind=GrantKind.LEISURE_LEARNING if i % 2 else GrantKind.TAKE_A_BREAK,
            purpose=PURPOSES[i % len(PURPOSES)],
            applied_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=37 * i),
            amount_requested=AMOUNTS[i % len(AMOUNTS)],
            vouchers_requested=None if i % 3 else i * 1000,
        )
    # created_at is set on save; give them summer and winter times, one near midnight UTC.
    for i, grant in enumerate(CarerGrant.objects.order_by("pk")):
        at = datetime.datetime(2026, 1 + i % 12, 3, 23, 30 + i, tzinfo=datetime.UTC)
        CarerGrant.objects.filter(pk=grant.pk).update(created_at=at)
    return CarerGrant.objects.order_by("pk")


COLUMNS = [
    Column("Id", "pk", Kind.INT),
    Column("First name", "carer__first_name"),
    Column("Phone", "carer__phone"),
    Column("Kind", "kind", choices=dict(GrantKind.choices)),
    Column("Purpose", "purpose"),
    Column("Applied on", "applied_on", Kind.DATE),
    Column("Amount", "amount_requested", Kind.MONEY),
    Column("Vouchers", "vouchers_requested", Kind.INT),
    Column("Recorded", "created_at", Kind.DATETIME),
    Column(
        "Has vouchers",
        Exists(CarerGrant.objects.filter(pk=OuterRef("pk"), vouchers_requested__isnull=False)),
        Kind.BOOL,
    ),
]


def _csv(pieces) -> bytes:
    return b"".join(pieces)


def test_python_writer_formats_every_kind_and_neutralises_formulas(grants):
    body = _csv(python_csv_pieces(grants, COLUMNS)).decode("utf-8")
    assert body.startswith("\ufeffId,First name,Phone,Kind,Purpose,Applied on,Amount,Vouchers,Recorded,Has vouchers\n")
    lines = body[1:].split("\n")
    first = grants.first()
    # Europe/London is GMT in January: 23:30 UTC is 23:30 there; a formula in a name is quoted off.
    assert lines[1] == (
        f'{first.pk},"\'=HYPERLINK(""http://evil.example"",""click"")",\'-07700 900123,'
        'Take a Break vouchers (sitting service),"A break\r'
    )
    assert lines[2] == 'in Wales",2026-01-01,1234.50,0,2026-01-03 23:30,Yes'
    assert "'+44 1234 567890" in body and "'-2+3" in body and "'@SUM(A1)" in body
    assert "'\tTabbed" in body and '"\'\rReturned"' in body
    assert "Zoë Ñúñez-Łukasz" in body and "日本語" in body and '"O\'Brien, Jr."' in body
    assert '"Say ""hi"""' in body and '"Line\nbreak"' in body and ",\\.," in body
    assert ",'-," in body  # a purpose that is a lone minus sign
    # British Summer Time: 23:3x UTC on 3 June is 00:3x on 4 June in London.
    assert "2026-06-04 00:3" in body
    assert "\x00" not in body


@pytest.mark.postgres
def test_copy_and_python_give_byte_identical_files(grants):
    copy_file = _csv(csv_pieces(grants, COLUMNS))
    python_file = _csv(python_csv_pieces(grants, COLUMNS))
    assert copy_sql(grants, COLUMNS)[0].startswith("COPY (SELECT ")
    assert copy_file == python_file
    assert copy_file.count(b"\n") > len(NAMES)  # the rows are really there (line breaks inside cells too)


@pytest.mark.postgres
def test_copy_writes_iso_dates_whatever_datestyle_the_server_has(grants):
    """COPY leaves dates and times to PostgreSQL's output functions, which follow DateStyle: a
    server configured for 'SQL, DMY' (03/01/2026) must still give the same file."""
    from django.db import connection

    from common.exports import snapshot_csv_pieces

    python_file = _csv(python_csv_pieces(grants, COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle TO 'SQL, DMY'")
    assert _csv(csv_pieces(grants, COLUMNS)) == python_file
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle TO 'German'")
    snapshot = snapshot_csv_pieces(grants, COLUMNS, key="pk", before_sending=lambda table, column: None)
    assert _csv(snapshot) == python_file
    assert b",2026-01-01," in python_file


@pytest.mark.postgres
def test_copy_and_python_agree_on_the_carers_export(db):
    from carers.exports import CARER_EXPORT_COLUMNS
    from carers.models import Carer

    for i, name in enumerate(NAMES):
        CarerFactory(first_name=name, email=f"{i}@example.org", employment="full_time" if i % 2 else "")
    carers = Carer.objects.order_by("pk")
    assert _csv(csv_pieces(carers, CARER_EXPORT_COLUMNS)) == _csv(python_csv_pieces(carers, CARER_EXPORT_COLUMNS))
    # One column: COPY quotes its end-of-data marker `\.` when it is alone on a line.
    names = [Column("First name", "first_name")]
    assert b'\n"\\."\n' in _csv(csv_pieces(carers, names))
    assert _csv(csv_pieces(carers, names)) == _csv(python_csv_pieces(carers, names))


def test_an_empty_queryset_gives_the_header_alone(db):
    assert _csv(csv_pieces(CarerGrant.objects.none(), COLUMNS)).decode().count("\n") == 1


def test_a_large_export_is_sent_in_pieces_of_about_64_kb(db):
    CarerFactory.create_batch(2500, first_name="A much longer first name to fill the pieces quickly")
    from carers.exports import CARER_EXPORT_COLUMNS
    from carers.models import Carer

    pieces = list(csv_pieces(Carer.objects.order_by("pk"), CARER_EXPORT_COLUMNS))
    assert 3 <= len(pieces) < 20  # a header, then pieces of ~64 KB, where one per row would be 2,500
    assert all(len(piece) >= 64 * 1024 for piece in pieces[1:-1])
    assert b"".join(pieces).count(b"\n") == 2501


def test_xlsx_keeps_numbers_money_and_dates_and_neutralises_formulas(grants):
    response = export_response(grants, COLUMNS, filename="grants", format="xlsx", sheet_title="Grants")
    assert response["Content-Disposition"] == 'attachment; filename="grants.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Grants"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Id", "First name", "Phone")
    first = rows[1]
    assert isinstance(first[0], int) and first[0] == grants.first().pk
    assert first[1] == '\'=HYPERLINK("http://evil.example","click")'
    assert first[3] == "Take a Break vouchers (sitting service)"
    assert first[5] == datetime.datetime(2026, 1, 1)  # a date cell (openpyxl reads dates back as datetimes)
    assert first[6] == 1234.5 and first[7] == 0
    assert first[8] == datetime.datetime(2026, 1, 3, 23, 30) and first[9] == "Yes"
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert cells[5].is_date and cells[8].is_date
    assert cells[6].data_type == "n" and "£" in cells[6].number_format
    assert rows[2][6] is None  # no amount requested: an empty cell, not 0


def test_rows_without_kinds_keep_numbers_and_neutralise_text(db):
    rows = [(2, "postcode", "=cmd|' /C calc'!A0", Decimal("-5.00"), datetime.date(2026, 3, 1))]
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response("x.xlsx", ["Row", "Field", "Value", "Money", "On"], rows))))
    values = list(sheet.active.iter_rows(values_only=True))[1]
    assert values[0] == 2 and values[2] == "'=cmd|' /C calc'!A0" and values[3] == -5
    assert values[4] == datetime.datetime(2026, 3, 1)


@pytest.mark.parametrize(("query", "chosen"), [({}, "csv"), ({"format": "csv"}, "csv"), ({"format": "xlsx"}, "xlsx")])
def test_export_format_is_csv_or_xlsx(query, chosen):
    assert export_format(RequestFactory().get("/", query)) == chosen


def test_an_unknown_export_format_is_not_found():
    from django.http import Http404

    with pytest.raises(Http404):
        export_format(RequestFactory().get("/", {"format": "pdf"}))


def test_the_embedded_default_uses_the_python_writer(grants):
    if using_postgres():
        assert copy_sql(grants, COLUMNS) is not None
    else:
        assert list(csv_pieces(grants, COLUMNS)) == list(python_csv_pieces(grants, COLUMNS))


@pytest.mark.postgres
def test_a_snapshot_export_gives_the_same_bytes_in_the_same_order_and_leaves_no_table(grants):
    """snapshot_csv_pieces reads the rows once into a temporary table: `before_sending` reads it
    before the first byte, the file is the same as COPY's and Python's, and the table goes."""
    from django.db import connection

    from common.exports import snapshot_csv_pieces

    seen = []

    def before_sending(table, column):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT array_agg({column} ORDER BY {column}) FROM {table}")  # noqa: S608
            seen.append(cursor.fetchone()[0])

    newest_first = grants.order_by("-pk")
    pieces = snapshot_csv_pieces(newest_first, COLUMNS, key="pk", before_sending=before_sending)
    assert seen == [sorted(newest_first.values_list("pk", flat=True))]  # before any byte was read
    assert _csv(pieces) == _csv(python_csv_pieces(newest_first, COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'export_snapshot_%%'")
        assert cursor.fetchone()[0] == 0
    empty = snapshot_csv_pieces(CarerGrant.objects.none(), COLUMNS, key="pk", before_sending=before_sending)
    assert _csv(empty).count(b"\n") == 1 and len(seen) == 1
