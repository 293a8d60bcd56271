"""Import actual spend for one budget from CSV or XLSX: one row per line and month.

Columns (headings matched as common.imports.choice_key writes them): `line` (the allocation line
as the budget names it, or its number as the page shows it), `month` (2010-04, 04/2010, April
2010 or any date in the month), `amount` (pounds and pence), and an optional `note`. The dry run
checks every row (the line is the budget's, the month is in its financial year, the amount is
money, no line and month twice) and stores the errors by row and column; nothing is saved.
Confirmation records every row in one transaction, or none: the same shape as the contracts
register import (commissioning.services.imports).
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from budgets.choices import BudgetStatus
from budgets.models import Allocation, Budget, SpendImport, SpendSource
from budgets.services import SPEND_CLOSED, spend_month_check, spend_record
from common.errors import DomainError
from common.imports import choice_key, database_refusals, reportable

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
COLUMNS = {
    "line": ["line", "allocation", "allocation line", "budget line", "line number", "line id"],
    "month": ["month", "period", "date", "month spent"],
    "amount": ["amount", "spend", "spent", "actual", "actual spend", "value"],
    "note": ["note", "notes", "description", "comment"],
}
REQUIRED = ("line", "month", "amount")
LOOKUP = {choice_key(heading): column for column, headings in COLUMNS.items() for heading in headings}
MONTH_PATTERNS = ("%Y-%m", "%m/%Y", "%B %Y", "%b %Y", "%d/%m/%Y", "%Y-%m-%d", "%b-%y", "%B-%y")


def _read(name: str, content: bytes) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {column: value}) for every non-empty row."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError({"file": "This is not an Excel (XLSX) file that can be read."}) from exc
        lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": "Save the CSV as UTF-8 and upload it again."}) from exc
        try:
            lines = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise ValidationError({"file": "This is not a CSV file that can be read."}) from exc
    if not lines:
        raise ValidationError({"file": "The file is empty."})
    header = [LOOKUP.get(choice_key(cell)) for cell in lines[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ValidationError({"file": f"The file has no column for: {', '.join(missing)}."})
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell not in (None, "") for cell in line):
            continue
        rows.append((number, {column: cell for column, cell in zip(header, line, strict=False) if column}))
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Import at most {MAX_ROWS:,} rows at a time."})
    return rows


def parse_month(value) -> date:
    """The first day of the month a cell names."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value or "").strip()
    for pattern in MONTH_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError("Enter a month, for example 2010-04 or April 2010.")


def parse_money(value) -> Decimal:
    text = str(value if value is not None else "").replace("£", "").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("Enter an amount in pounds and pence, for example 1250.00.") from None
    if not amount.is_finite():
        raise ValueError("Enter an amount in pounds and pence, for example 1250.00.")
    if amount < 0:
        raise ValueError("Enter an amount of £0.00 or more.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Enter the amount in pounds and pence: no more than 2 decimal places.")
    if amount >= Decimal("1e12"):
        raise ValueError("This amount is too large.")
    return amount.quantize(Decimal("0.01"))


def _lines_by_name(budget: Budget) -> tuple[dict[str, list[int]], set[int], dict[int, int]]:
    """The budget's lines by name (choice_key), their ids, and id by position on the page (1, 2...)."""
    by_name: dict[str, list[int]] = {}
    ids, by_number = set(), {}
    for number, (pk, description) in enumerate(
        Allocation.objects.filter(budget=budget).order_by("position", "id").values_list("id", "description"),
        start=1,
    ):
        by_name.setdefault(choice_key(description), []).append(pk)
        ids.add(pk)
        by_number[number] = pk
    return by_name, ids, by_number


def _check_row(number: int, row: dict, budget: Budget, lines, seen: set) -> tuple[dict, list[dict]]:
    by_name, _ids, by_number = lines
    errors: list[dict] = []

    def fail(column: str, message: str) -> None:
        errors.append({"row": number, "field": column, "message": message, "value": reportable(row.get(column))})

    clean: dict = {"row": number}
    raw_line = row.get("line")
    text = str(raw_line if raw_line is not None else "").strip()
    matches = by_name.get(choice_key(text), [])
    if not text:
        fail("line", "This column is required.")
    elif len(matches) == 1:
        clean["allocation_id"] = matches[0]
    elif len(matches) > 1:
        fail("line", "Several lines of this budget have this name: give the line's number instead.")
    elif text.isdigit() and int(text) in by_number:
        clean["allocation_id"] = by_number[int(text)]
    else:
        fail("line", "This budget has no line of this name or number.")
    clean["line"] = reportable(text)
    try:
        month = spend_month_check(budget, parse_month(row.get("month")))
        clean["month"] = month.isoformat()
    except ValueError as exc:
        fail("month", str(exc))
    except ValidationError as exc:
        fail("month", exc.message_dict["month"][0])
    try:
        clean["amount"] = str(parse_money(row.get("amount")))
    except ValueError as exc:
        fail("amount", str(exc))
    note = str(row.get("note") or "").strip()
    from budgets.models import Spend

    refusals = database_refusals(Spend(note=note), exclude=["amount", "month"])
    if "note" in refusals:
        fail("note", refusals["note"])
    clean["note"] = note
    key = (clean.get("allocation_id"), clean.get("month"))
    if None not in key:
        if key in seen:
            fail("month", "This line and month are on an earlier row of the file.")
        seen.add(key)
    return clean, errors


def _check_access(user, budget: Budget) -> None:
    if not user.has_perm("budgets.add_spendimport"):
        raise PermissionDenied
    if not Budget.objects.visible_to(user).filter(pk=budget.pk).exists():
        raise PermissionDenied
    if budget.status == BudgetStatus.CLOSED:
        raise DomainError(SPEND_CLOSED)


@transaction.atomic
def spend_import_check(*, user, budget: Budget, filename: str, content: bytes) -> SpendImport:
    """The dry run: read and check every row; no spend is recorded."""
    _check_access(user, budget)
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "The file is larger than 5 MB: split it."})
    rows = _read(filename, content)
    lines = _lines_by_name(budget)
    seen: set = set()
    checked, errors = [], []
    for number, row in rows:
        clean, row_errors = _check_row(number, row, budget, lines, seen)
        checked.append(clean)
        errors += row_errors
    return SpendImport.objects.create(
        budget=budget,
        uploaded_by=user,
        filename=filename[:200],
        rows=checked,
        errors=errors,
        status=SpendImport.Status.FAILED if errors or not checked else SpendImport.Status.READY,
    )


@transaction.atomic
def spend_import_confirm(*, user, spend_import: SpendImport) -> SpendImport:
    """Record every checked row in one transaction, or none (a row's month figure is replaced)."""
    spend_import = SpendImport.objects.select_for_update().select_related("budget").get(pk=spend_import.pk)
    budget = spend_import.budget
    _check_access(user, budget)
    if spend_import.status != SpendImport.Status.READY:
        raise DomainError("Only a checked import without errors can be imported, once.")
    lines = {a.pk: a for a in Allocation.objects.filter(budget=budget).select_related("budget")}
    for row in spend_import.rows:
        allocation = lines.get(row["allocation_id"])
        if allocation is None:
            raise DomainError(f"Row {row['row']}: its line has been deleted since the check. Upload the file again.")
        spend_record(
            allocation=allocation,
            month=date.fromisoformat(row["month"]),
            amount=Decimal(row["amount"]),
            note=row["note"],
            user=user,
            source=SpendSource.IMPORTED,
        )
    spend_import.status = SpendImport.Status.IMPORTED
    spend_import.imported_count = len(spend_import.rows)
    spend_import.save(update_fields=["status", "imported_count"])
    return spend_import
