from decimal import Decimal

import pytest

from common.exports import csv_response, safe_cell
from common.money import format_gbp, to_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("6303000"), "£6,303,000.00"),
        (Decimal("1234567.891"), "£1,234,567.89"),
        ("243600", "£243,600.00"),
        (Decimal("-12"), "−£12.00"),
        (Decimal("0.005"), "£0.01"),
        (None, ""),
    ],
)
def test_format_gbp(value, expected):
    assert format_gbp(value) == expected


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        to_money(0.1)


@pytest.mark.parametrize("text", ["=1+1", "+44", "-2", "@SUM(A1)", "\tcmd"])
def test_spreadsheet_formulas_are_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_text_and_numbers_are_left_alone():
    assert safe_cell("Carers Support Service") == "Carers Support Service"
    assert safe_cell(Decimal("-5.00")) == Decimal("-5.00")


def test_csv_response_streams_rows():
    response = csv_response("x.csv", ["name", "value"], iter([("=cmd", Decimal("1.50")), ("Ann", None)]))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert body == "\ufeffname,value\n'=cmd,1.50\nAnn,\n"  # lines end as COPY ends them


def test_a_large_csv_is_sent_in_pieces_not_a_write_per_row():
    rows = ((n, f"Carer {n}", "=HYPERLINK(1)") for n in range(20_000))
    pieces = list(csv_response("big.csv", ["Id", "Name", "Note"], rows).streaming_content)
    assert 5 < len(pieces) < 100  # ~64 KB each, where one per row would be 20,001
    lines = b"".join(pieces).decode("utf-8-sig").splitlines()
    assert len(lines) == 20_001 and lines[0] == "Id,Name,Note"
    assert lines[-1] == "19999,Carer 19999,'=HYPERLINK(1)"
