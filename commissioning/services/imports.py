"""Import an existing contracts register from CSV or XLSX with the columns councils publish under
the Local Government Transparency Code: title, supplier, supplier's company or charity number,
start, end, value, extension options, reference.

The dry run reads every row and checks it with the register's own rules (Contract.full_clean:
end before start, values, options), the supplier (matched by company or charity number, then by
name; a number no supplier has is an error; a name no supplier has is created on confirmation),
and references repeated in the file or already held. Every error names its row and column.
Confirmation imports every row in one transaction, or none.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from openpyxl import load_workbook

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from commissioning.models import Contract, ContractImport, ProviderProfile, ServiceLine
from commissioning.models.imports import ImportStatus
from commissioning.terms import options_text, parse_options
from common.errors import DomainError
from common.imports import choice_key, reportable
from common.money import to_money

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Column → the headings councils use for it (matched as common.imports.choice_key writes them).
COLUMNS = {
    "title": ["title", "contract title", "description", "contract description"],
    "supplier": ["supplier", "supplier name", "provider"],
    "supplier_number": [
        "supplier number",
        "company number",
        "charity number",
        "supplier company number",
        "supplier charity number",
        "company or charity number",
        "supplier company or charity number",
        "registration number",
    ],
    "start": ["start", "start date", "contract start date"],
    "end": ["end", "end date", "contract end date"],
    "value": ["value", "total value", "contract value", "total contract value"],
    "extension_options": ["extension options", "extensions", "options to extend", "extension options months"],
    "reference": ["reference", "contract reference", "reference number"],
}
REQUIRED = ("title", "supplier", "start", "end", "value", "reference")
LOOKUP = {choice_key(heading): column for column, headings in COLUMNS.items() for heading in headings}
DEFAULT_SERVICE_LINE = "Carers support service"


def _read(name: str, content: bytes) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {column: value}) for every non-empty row."""
    if name.lower().endswith(".xlsx"):
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
        lines = list(csv.reader(io.StringIO(text)))
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


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("Enter a real date, for example 27/03/2007")


def _money(value) -> Decimal:
    text = str(value if value is not None else "").replace("£", "").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("Enter an amount of money, for example 550000.00") from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Use at most two decimal places (pounds and pence).")
    if amount < 0:
        raise ValueError("A value cannot be negative.")
    return to_money(amount)


def _supplier_by_number(number: str) -> Organisation | None:
    profile = (
        ProviderProfile.objects.filter(Q(company_number__iexact=number) | Q(charity_number__iexact=number))
        .select_related("organisation")
        .first()
    )
    return profile.organisation if profile else None


def _check_row(number: int, row: dict, organisation_id: int, seen: set[str]) -> tuple[dict, list[dict]]:
    errors: list[dict] = []

    def fail(column: str, message: str) -> None:
        errors.append({"row": number, "field": column, "message": message, "value": reportable(row.get(column))})

    clean: dict = {}
    for column in ("start", "end"):
        try:
            clean[column] = _date(row.get(column)).isoformat()
        except ValueError as exc:
            fail(column, str(exc))
    try:
        clean["value"] = str(_money(row.get("value")))
    except ValueError as exc:
        fail("value", str(exc))
    try:
        clean["extension_options"] = options_text(parse_options(str(row.get("extension_options") or "")))
    except ValueError as exc:
        fail("extension_options", str(exc))
    for column in ("title", "supplier", "reference"):
        clean[column] = str(row.get(column) or "").strip()
        if not clean[column]:
            fail(column, "This column is required.")
    reference = clean["reference"]
    if reference and reference.lower() in seen:
        fail("reference", "This reference is on an earlier row of the file.")
    elif (
        reference and Contract.objects.filter(accountable_body_id=organisation_id, reference__iexact=reference).exists()
    ):
        fail("reference", "A contract with this reference is already in the register.")
    seen.add(reference.lower())
    supplier_number = str(row.get("supplier_number") or "").strip()
    clean["supplier_number"] = supplier_number
    if supplier_number:
        found = _supplier_by_number(supplier_number)
        if found is None:
            fail(
                "supplier_number",
                "No supplier has this company or charity number: check it, or leave it empty to match by name.",
            )
        else:
            clean["supplier_id"] = found.pk
    if not errors:
        start, end, value = (
            date.fromisoformat(clean["start"]),
            date.fromisoformat(clean["end"]),
            Decimal(clean["value"]),
        )
        days = (end - start).days + 1
        annual = value if days <= 366 else to_money(value * 365 / days)
        clean["annual"] = str(annual)
        contract = Contract(
            reference=reference[:40],
            title=clean["title"][:200],
            accountable_body_id=organisation_id,
            provider_id=clean.get("supplier_id") or 0,
            total_value=value,
            annual_value=annual,
            start_date=start,
            initial_end_date=end,
            extension_options=clean["extension_options"],
        )
        try:
            contract.full_clean(exclude=["provider", "accountable_body"], validate_constraints=False)
        except ValidationError as exc:
            names = {"initial_end_date": "end", "start_date": "start", "total_value": "value", "annual_value": "value"}
            for name, messages in exc.message_dict.items():
                for message in messages:
                    fail(names.get(name, name), message)
    return clean, errors


@transaction.atomic
def contract_import_check(*, user, filename: str, content: bytes) -> ContractImport:
    """The dry run: read and check every row; nothing is added to the register."""
    if not user.has_perm("commissioning.add_contractimport"):
        raise PermissionDenied
    if not user.organisation_id:
        raise DomainError("Only an organisation's commissioners can import its register.")
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "The file is larger than 5 MB: split it."})
    rows = _read(filename, content)
    seen: set[str] = set()
    checked, errors = [], []
    for number, row in rows:
        clean, row_errors = _check_row(number, row, user.organisation_id, seen)
        checked.append({"row": number, **clean})
        errors += row_errors
    return ContractImport.objects.create(
        organisation_id=user.organisation_id,
        uploaded_by=user,
        filename=filename[:200],
        rows=checked,
        errors=errors,
        status=ImportStatus.FAILED if errors or not checked else ImportStatus.READY,
    )


@transaction.atomic
def contract_import_confirm(*, user, contract_import: ContractImport) -> ContractImport:
    """Import every checked row in one transaction, or none: suppliers matched by number, then by
    name, else created; each contract in the default service line (edit afterwards)."""
    if not user.has_perm("commissioning.add_contractimport") or contract_import.organisation_id != user.organisation_id:
        raise PermissionDenied
    contract_import = ContractImport.objects.select_for_update().get(pk=contract_import.pk)
    if contract_import.status != ImportStatus.READY:
        raise DomainError("Only a checked import without errors can be imported, once.")
    line = ServiceLine.objects.filter(name=DEFAULT_SERVICE_LINE).first() or ServiceLine.objects.first()
    for row in contract_import.rows:
        supplier = Organisation.objects.filter(pk=row.get("supplier_id")).first() if row.get("supplier_id") else None
        if supplier is None:
            supplier = Organisation.objects.filter(name__iexact=row["supplier"]).first()
        if supplier is None:
            supplier = Organisation.objects.create(name=row["supplier"][:200], kind=OrganisationKind.PROVIDER)
            ProviderProfile.objects.create(organisation=supplier)
        contract = Contract(
            reference=row["reference"][:40],
            title=row["title"][:200],
            accountable_body_id=contract_import.organisation_id,
            provider=supplier,
            total_value=Decimal(row["value"]),
            annual_value=Decimal(row["annual"]),
            start_date=date.fromisoformat(row["start"]),
            initial_end_date=date.fromisoformat(row["end"]),
            extension_options=row["extension_options"],
        )
        contract.full_clean()
        contract.save()
        if line:
            contract.service_lines.add(line)
    contract_import.status = ImportStatus.IMPORTED
    contract_import.imported_count = len(contract_import.rows)
    contract_import.save(update_fields=["status", "imported_count"])
    return contract_import
