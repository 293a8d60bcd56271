"""Bulk import of an existing carers list (CSV or XLSX): a dry run that checks every row with the
register's own rules, then an all-or-nothing import.

A row is checked by building the Carer and calling its full_clean() — the same field validators
(postcode, phone, hours band...) and clean() (date of birth, search columns) the register uses —
plus the area found from the postcode and duplicate checks (name + date of birth) within the file
and against carers already held. Every error is reported with its row number and field.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from accounts.models import Organisation, User
from accounts.selectors import area_for_postcode
from carers import choices as c
from carers.imports.choices import MAX_ROWS, MAX_UPLOAD_BYTES, ImportStatus
from carers.models import Carer, CarerImport
from carers.validators import normalise_name, normalise_postcode
from common.errors import DomainError
from common.writes import model_full_clean

# Column → (required, kind). Headers match case-insensitively, spaces or hyphens for underscores.
COLUMNS: dict[str, tuple[bool, str]] = {
    "first_name": (True, "text"),
    "last_name": (True, "text"),
    "date_of_birth": (True, "date"),
    "hours_band": (True, "choice"),
    "identification_source": (True, "choice"),
    "phone": (False, "text"),
    "email": (False, "text"),
    "address": (False, "text"),
    "postcode": (False, "text"),
    "gp_practice": (False, "text"),
    "employment": (False, "choice"),
    "identified_on": (False, "date"),
    "consent_to_share": (False, "bool"),
    "is_parent_carer": (False, "bool"),
    "is_kinship_carer": (False, "bool"),
    "sex": (False, "choice"),
    "ethnicity": (False, "choice"),
    "disability": (False, "choice"),
    "religion": (False, "choice"),
    "sexual_orientation": (False, "choice"),
}
CHOICES = {
    "hours_band": c.HoursBand,
    "identification_source": c.IdentificationSource,
    "employment": c.Employment,
    "sex": c.Sex,
    "ethnicity": c.Ethnicity,
    "disability": c.YesNoPrefer,
    "religion": c.Religion,
    "sexual_orientation": c.SexualOrientation,
}
TRUE = {"yes", "y", "true", "1", "x"}
FALSE = {"no", "n", "false", "0", ""}


@dataclass
class RowError:
    row: int
    field: str
    message: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message, "value": self.value}


def _header_key(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict]]:
    """(spreadsheet row number, {column: raw value}) for each non-empty data row; the header is row 1.

    Raises ValidationError({"file": ...}) for a file that cannot be read at all."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."})
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            table = list(csv.reader(io.StringIO(text)))
        elif name.endswith(".xlsx"):
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            table = [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)]
            workbook.close()
        else:
            raise ValidationError({"file": "Upload a CSV (.csv) or Excel (.xlsx) file."})
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": "Save the CSV file as UTF-8 and upload it again."}) from exc
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # openpyxl: not a real workbook
        raise ValidationError({"file": "The Excel file could not be read. Save it as .xlsx and try again."}) from exc
    if not table:
        raise ValidationError({"file": "The file is empty."})
    header = [_header_key(cell) for cell in table[0]]
    missing = [name for name, (required, _) in COLUMNS.items() if required and name not in header]
    if missing:
        raise ValidationError({"file": f"The first row must name the columns; missing: {', '.join(missing)}."})
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key in COLUMNS}
        if all(value in (None, "") for value in values.values()):
            continue  # blank line
        rows.append((index, values))
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Import at most {MAX_ROWS:,} carers at a time; split the file."})
    if not rows:
        raise ValidationError({"file": "The file has a header row but no carers."})
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("Enter a date like 31/12/1960 or 1960-12-31.")


def _parse_choice(field: str, value) -> str:
    text = _text(value).lower()
    if not text:
        return ""
    for choice_value, label in CHOICES[field].choices:
        if text in (str(choice_value).lower(), str(label).lower()):
            return choice_value
    allowed = "; ".join(str(label) for value_, label in CHOICES[field].choices if value_)
    raise ValueError(f"Not one of the choices: {allowed}.")


def _parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError("Enter yes or no.")


def _carer_from_row(number: int, raw: dict, organisation: Organisation, areas: dict) -> tuple[Carer, list[RowError]]:
    errors: list[RowError] = []
    fields: dict = {}
    for name, (_required, kind) in COLUMNS.items():
        value = raw.get(name)
        try:
            if kind == "date":
                fields[name] = _parse_date(value) if _text(value) or isinstance(value, date) else None
            elif kind == "choice":
                fields[name] = _parse_choice(name, value)
            elif kind == "bool":
                fields[name] = _parse_bool(value)
            else:
                fields[name] = _text(value)
        except ValueError as exc:
            errors.append(RowError(number, name, str(exc), _text(value)))
    if fields.get("identified_on") is None:
        fields.pop("identified_on", None)  # the model's default: today
    carer = Carer(organisation=organisation, **{k: v for k, v in fields.items() if v is not None})
    postcode = normalise_postcode(carer.postcode)
    if postcode:
        outward = postcode.split()[0]
        if outward not in areas:
            areas[outward] = area_for_postcode(postcode)  # one query per postcode district, not per row
        carer.area = areas[outward]
    failed = {error.field for error in errors}
    try:
        model_full_clean(carer, exclude=list(failed))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.append(RowError(number, field, message, _text(raw.get(field))))
    return carer, errors


def validate_rows(rows: list[tuple[int, dict]], organisation: Organisation) -> tuple[list[Carer], list[RowError]]:
    """Check every row; return the carers ready to save and every error found."""
    areas: dict = {}
    carers: list[Carer] = []
    errors: list[RowError] = []
    first_seen: dict[tuple[str, date], int] = {}
    for number, raw in rows:
        carer, row_errors = _carer_from_row(number, raw, organisation, areas)
        errors.extend(row_errors)
        if not row_errors:
            key = (normalise_name(carer.first_name, carer.last_name), carer.date_of_birth)
            if key in first_seen:
                errors.append(
                    RowError(number, "last_name", f"Same name and date of birth as row {first_seen[key]}.", "")
                )
            else:
                first_seen[key] = number
                carer._import_row = number  # for the check against existing carers below
                carers.append(carer)
    # Against carers already held: one query over the dates of birth in the file.
    if carers:
        existing = set(
            Carer.objects.filter(organisation=organisation, date_of_birth__in={c_.date_of_birth for c_ in carers})
            .exclude(status=c.CarerStatus.MERGED)
            .values_list("search_name", "date_of_birth")
        )
        for carer in carers:
            if (carer.search_name, carer.date_of_birth) in existing:
                errors.append(
                    RowError(
                        carer._import_row, "last_name", "A carer with this name and date of birth is already held."
                    )
                )
    errors.sort(key=lambda error: (error.row, error.field))
    return carers, errors


@transaction.atomic
def carer_import_upload(*, user: User, organisation: Organisation, filename: str, content: bytes) -> CarerImport:
    """Hold an uploaded carers list and dry-run it: every row checked, nothing imported yet."""
    if organisation is None:
        raise DomainError("Your account has no organisation to import carers into.")
    rows = read_rows(filename, content)
    _, errors = validate_rows(rows, organisation)
    carer_import = CarerImport(
        organisation=organisation,
        uploaded_by=user,
        filename=filename[:200],
        content=content,
        status=ImportStatus.INVALID if errors else ImportStatus.READY,
        row_count=len(rows),
        errors=[error.as_dict() for error in errors],
    )
    carer_import.full_clean()
    carer_import.save()
    return carer_import


def carer_import_confirm(*, carer_import: CarerImport, user: User) -> CarerImport:
    """Import a checked list: every row saved in one transaction, or none.

    The rows are checked again under a lock on the import (someone may have registered one of
    these carers since the dry run); any error now refuses the whole import."""
    with transaction.atomic():
        locked = CarerImport.objects.select_for_update().get(pk=carer_import.pk)
        if locked.status == ImportStatus.IMPORTED:
            raise DomainError("This list was already imported.")
        if locked.status != ImportStatus.READY:
            raise DomainError("Correct the errors in the file and upload it again; nothing was imported.")
        rows = read_rows(locked.filename, bytes(locked.content))
        carers, errors = validate_rows(rows, locked.organisation)
        if errors:
            locked.status = ImportStatus.INVALID
            locked.errors = [error.as_dict() for error in errors]
            locked.save(update_fields=["status", "errors"])
        else:
            # full_clean() above already filled each carer's search columns (Carer.clean →
            # refresh_search_columns), exactly as a carer saved through the register.
            # With history rows too, so each record's audit trail starts with the import.
            bulk_create_with_history(
                carers,
                Carer,
                batch_size=1_000,
                default_user=user,
                default_change_reason=f"Imported from {locked.filename}",
            )
            locked.status = ImportStatus.IMPORTED
            locked.imported_count = len(carers)
            locked.imported_at = timezone.now()
            locked.content = b""  # the personal data now lives in the register only
            locked.save(update_fields=["status", "imported_count", "imported_at", "content"])
    if errors:
        raise DomainError(
            f"{len(errors)} problem(s) found when importing (the register changed since the check); "
            "nothing was imported."
        )
    return locked
