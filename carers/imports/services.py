"""Bulk import of an existing carers list (CSV or XLSX): a dry run that checks every row with the
register's own rules, then an all-or-nothing import.

A row is checked by building the Carer and calling its full_clean() — the same field validators
(postcode, phone, hours band...) and clean() (date of birth, search columns) the register uses —
plus the area found from the postcode and duplicate checks (name + date of birth) within the file
and against carers already held. Every error is reported with its row number and field.
"""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from accounts.models import Organisation, User
from accounts.selectors import area_for_postcode
from carers import choices as c
from carers.imports.choices import IMPORT_BATCH, MAX_ROWS, MAX_UPLOAD_BYTES, STALE_AFTER_SECONDS, ImportStatus
from carers.imports.columns import BY_NAME, COLUMNS, FALSE, HEADINGS, LOOKUPS, TRUE
from carers.kpis.services import kpi_cache_bump
from carers.models import Carer, CarerImport
from carers.validators import normalise_name, normalise_postcode
from common.errors import DomainError
from common.imports import NOT_KNOWN, NUL, choice_key, database_refusals, reportable
from common.writes import model_full_clean

log = logging.getLogger(__name__)


@dataclass
class RowError:
    row: int
    field: str
    message: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message, "value": reportable(self.value)}


@dataclass
class Sheet:
    """What was read from a file: its rows, and what the check must tell the user about its columns."""

    rows: list[tuple[int, dict]]
    columns: set[str]
    warnings: list[str] = field(default_factory=list)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_rows(filename: str, content: bytes) -> Sheet:
    """The file's data rows as (spreadsheet row number, {column: raw value}); the header is row 1.

    Headings are matched ignoring case, spaces, hyphens and underscores, and by the other names
    in carers.imports.columns (DOB, Surname...). A heading the import does not know is reported
    as a warning (its values are not imported), never dropped silently.
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
    except csv.Error as exc:  # a NUL byte in a CSV that Python's reader will not take, for one
        raise ValidationError({"file": f"The CSV file could not be read ({exc}). Save it again and retry."}) from exc
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # openpyxl: not a real workbook
        raise ValidationError({"file": "The Excel file could not be read. Save it as .xlsx and try again."}) from exc
    if not table:
        raise ValidationError({"file": "The file is empty."})
    header: list[str | None] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(table[0]):
        heading = str(cell or "").strip()
        column = HEADINGS.get(choice_key(heading))
        if column is None:
            header.append(None)
            has_values = any(index < len(cells) and cells[index] not in (None, "") for cells in table[1:])
            if heading:
                warnings.append(
                    f"Column {_column_letter(index)} “{reportable(heading)}” is not a column the import knows: "
                    "its values will not be imported."
                )
            elif has_values:
                warnings.append(f"Column {_column_letter(index)} has no heading: its values will not be imported.")
            continue
        if column in seen:
            raise ValidationError(
                {
                    "file": f"Columns {_column_letter(seen[column])} and {_column_letter(index)} are both "
                    f"read as {column}: keep one."
                }
            )
        seen[column] = index
        header.append(column)
    missing = [column.name for column in COLUMNS if column.required and column.name not in seen]
    if missing:
        raise ValidationError({"file": f"The first row must name the columns; missing: {', '.join(missing)}."})
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key}
        if all(value in (None, "") for value in values.values()):
            continue  # blank line
        rows.append((index, values))
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Import at most {MAX_ROWS:,} carers at a time; split the file."})
    if not rows:
        raise ValidationError({"file": "The file has a header row but no carers."})
    return Sheet(rows=rows, columns=set(seen), warnings=warnings)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _not_known(value) -> bool:
    return choice_key(_text(value)) in NOT_KNOWN


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text or _not_known(text):
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("Enter a date like 31/12/1960 or 1960-12-31, or leave it empty if it is not known.")


def _parse_choice(name: str, value) -> str:
    key = choice_key(_text(value))
    if not key:
        return ""
    lookup = LOOKUPS[name]
    if key in lookup:
        return lookup[key]
    if key in NOT_KNOWN and not BY_NAME[name].required:
        return ""  # "not known" in an optional column: not recorded
    allowed = "; ".join(label for code, label, _ in BY_NAME[name].allowed() if code)
    raise ValueError(f"Not one of the choices: {allowed}.")


def _parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError("Enter yes or no (or Y or N).")


@dataclass
class Check:
    """The result of checking every row: the carers ready to save, every error, and the warnings."""

    carers: list[Carer]
    errors: list[RowError]
    warnings: list[str]


def _carer_from_row(
    number: int, raw: dict, organisation: Organisation, areas: dict, identified_default: date
) -> tuple[Carer, list[RowError], bool]:
    """The row as a Carer, its errors, and whether its identified_on was defaulted."""
    errors: list[RowError] = []
    fields: dict = {}
    for column in COLUMNS:
        value = raw.get(column.name)
        try:
            if column.kind == "date":
                fields[column.name] = _parse_date(value)
            elif column.kind == "choice":
                fields[column.name] = _parse_choice(column.name, value)
            elif column.kind == "bool":
                fields[column.name] = _parse_bool(value)
            else:
                fields[column.name] = _text(value)
        except ValueError as exc:
            errors.append(RowError(number, column.name, str(exc), _text(value)))
    defaulted = fields.get("identified_on") is None and "identified_on" not in {e.field for e in errors}
    if defaulted:
        fields["identified_on"] = identified_default
    carer = Carer(organisation=organisation, **{k: v for k, v in fields.items() if v is not None})
    postcode = normalise_postcode(carer.postcode) if NUL not in carer.postcode else ""
    if postcode:
        outward = postcode.split()[0]
        if outward not in areas:
            # One query per postcode district, not per row; the council's own areas only.
            areas[outward] = area_for_postcode(postcode, council_id=organisation.pk)
        carer.area = areas[outward]
        carer.area_review = carer.area is None
    failed = {error.field for error in errors}
    try:
        model_full_clean(carer, exclude=list(failed))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            failed.add(name)
            for message in messages:
                errors.append(RowError(number, name, message, _text(raw.get(name))))
    # Then what the register's rules let through but PostgreSQL would refuse (a NUL character),
    # so that "ready" means the rows will import.
    for name, message in database_refusals(carer, exclude=failed).items():
        errors.append(RowError(number, name, message, _text(raw.get(name))))
    return carer, errors, defaulted


def validate_rows(sheet: Sheet, organisation: Organisation, *, identified_default: date | None = None) -> Check:
    """Check every row; return the carers ready to save, every error found and the warnings."""
    identified_default = identified_default or timezone.localdate()
    areas: dict = {}
    carers: list[Carer] = []
    errors: list[RowError] = []
    defaulted = outside = 0
    first_seen: dict[tuple[str, date], int] = {}
    for number, raw in sheet.rows:
        carer, row_errors, was_defaulted = _carer_from_row(number, raw, organisation, areas, identified_default)
        errors.extend(row_errors)
        if row_errors:
            continue
        defaulted += was_defaulted
        outside += carer.area_review
        # Same name and date of birth: the same person. With no date of birth, a name alone
        # does not tell two people apart, so such rows are not called duplicates.
        key = (normalise_name(carer.first_name, carer.last_name), carer.date_of_birth)
        if carer.date_of_birth and key in first_seen:
            errors.append(RowError(number, "last_name", f"Same name and date of birth as row {first_seen[key]}.", ""))
            continue
        first_seen[key] = number
        carer._import_row = number  # for the check against existing carers below
        carers.append(carer)
    # Against carers already held: one query over the dates of birth in the file.
    dates = {carer.date_of_birth for carer in carers if carer.date_of_birth}
    if dates:
        existing = set(
            Carer.objects.filter(organisation=organisation, date_of_birth__in=dates)
            .exclude(status=c.CarerStatus.MERGED)
            .values_list("search_name", "date_of_birth")
        )
        for carer in carers:
            if carer.date_of_birth and (carer.search_name, carer.date_of_birth) in existing:
                errors.append(
                    RowError(
                        carer._import_row, "last_name", "A carer with this name and date of birth is already held."
                    )
                )
    errors.sort(key=lambda error: (error.row, error.field))
    warnings = list(sheet.warnings)
    when = f"{identified_default:%-d %B %Y} (the day of the upload)"
    if "identified_on" not in sheet.columns:
        warnings.append(
            f"The file has no identified_on column: every carer will be counted as identified on {when}, "
            "so in that financial year's figures. Add the date each carer became known to count them "
            "in the year they belong to."
        )
    elif defaulted:
        warnings.append(
            f"{defaulted} carer{'s have' if defaulted != 1 else ' has'} no identified_on date: "
            f"{'they' if defaulted != 1 else 'they'} will be counted as identified on {when}."
        )
    if outside:
        warnings.append(
            f"{outside} carer{'s have a postcode' if outside != 1 else ' has a postcode'} outside {organisation}'s "
            "areas: they will be imported with no area, flagged for review (filter the carers list by "
            "“Area to be checked”)."
        )
    return Check(carers=carers, errors=errors, warnings=warnings)


@transaction.atomic
def carer_import_upload(*, user: User, organisation: Organisation, filename: str, content: bytes) -> CarerImport:
    """Hold an uploaded carers list and dry-run it: every row checked, nothing imported yet."""
    if organisation is None:
        raise DomainError("Your account has no organisation to import carers into.")
    sheet = read_rows(filename, content)
    check = validate_rows(sheet, organisation)
    carer_import = CarerImport(
        organisation=organisation,
        uploaded_by=user,
        filename=reportable(filename)[:200],
        content=content,
        status=ImportStatus.INVALID if check.errors else ImportStatus.READY,
        row_count=len(sheet.rows),
        errors=[error.as_dict() for error in check.errors],
        warnings=check.warnings,
    )
    carer_import.full_clean()
    carer_import.save()
    return carer_import


def _queue(import_id: int, user_id: int) -> None:
    """Send the import to a worker through the project's task path once the transaction commits.

    jobs.enqueue keeps the message in the outbox while Redis is down; the import also stays queued
    in PostgreSQL, and carer_import_requeue_stale sends it again if a message is lost."""
    from carers.imports.tasks import carer_import_run_task
    from jobs.services import publish_or_keep

    # robust: in eager mode (the embedded default) a failed import is recorded as such and must not
    # turn the confirmation into an error page (jobs.enqueue's own callback would propagate it).
    transaction.on_commit(lambda: publish_or_keep(carer_import_run_task.name, [import_id, user_id], {}), robust=True)


@transaction.atomic
def carer_import_confirm(*, carer_import: CarerImport, user: User) -> CarerImport:
    """Queue a checked list for import in the background (at once on the embedded default,
    where tasks run in-process). The import itself is carer_import_run: all rows or none."""
    locked = CarerImport.objects.select_for_update().get(pk=carer_import.pk)
    if locked.status == ImportStatus.IMPORTED:
        raise DomainError("This list was already imported.")
    if locked.status == ImportStatus.QUEUED:
        raise DomainError("This list is already being imported.")
    if locked.status not in (ImportStatus.READY, ImportStatus.FAILED):
        raise DomainError("Correct the errors in the file and upload it again; nothing was imported.")
    locked.status = ImportStatus.QUEUED
    locked.queued_at = timezone.now()
    locked.confirmed_by = user
    locked.save(update_fields=["status", "queued_at", "confirmed_by"])
    cache.delete(progress_key(locked.pk))  # a failed earlier attempt's progress is not this one's
    _queue(locked.pk, user.pk)
    return locked


def progress_key(import_id: int) -> str:
    return f"carer-import-progress:{import_id}"


def _report_progress(import_id: int, done: int, total: int) -> None:
    # In the cache, not the row: the import's transaction is not visible to the progress page
    # until it commits. The cache ignores Redis outages, so a lost report only loses the bar.
    cache.set(progress_key(import_id), {"done": done, "total": total}, timeout=60 * 60)


def carer_import_progress(carer_import: CarerImport) -> dict:
    """{"done", "total", "percent"} of a queued import, as far as its worker has reported."""
    total = carer_import.row_count or 0
    if carer_import.status == ImportStatus.IMPORTED:
        done = carer_import.imported_count
    elif carer_import.status == ImportStatus.QUEUED:
        done = (cache.get(progress_key(carer_import.pk)) or {}).get("done", 0)
    else:
        done = 0
    percent = min(100, round(100 * done / total)) if total else 0
    return {"done": done, "total": total, "percent": percent}


def carer_import_run(*, import_id: int, user_id: int) -> CarerImport | None:
    """Import a queued list: every row checked again and saved in one transaction, or none.

    Idempotent, as a task delivered twice must be (acks_late, a re-queued import): the row is
    locked with NOWAIT, so a second delivery while the first is running returns at once, and
    after it the status is no longer QUEUED. The rows are checked again (someone may have
    registered one of these carers since the dry run); any error now refuses the whole import.
    An unexpected failure rolls everything back and marks the import failed, to be confirmed again."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    locked = CarerImport.objects.select_for_update(nowait=True).get(pk=import_id)
            except OperationalError:
                log.info("carer import %s is being imported by another worker", import_id)
                return None
            if locked.status != ImportStatus.QUEUED:
                return locked
            user = User.objects.get(pk=user_id)
            sheet = read_rows(locked.filename, bytes(locked.content))
            check = validate_rows(sheet, locked.organisation, identified_default=timezone.localdate(locked.created_at))
            if check.errors:
                locked.status = ImportStatus.INVALID
                locked.errors = [error.as_dict() for error in check.errors]
                locked.save(update_fields=["status", "errors"])
                return locked
            total = len(check.carers)
            _report_progress(locked.pk, 0, total)
            for start in range(0, total, IMPORT_BATCH):
                # full_clean() in the check already filled each carer's search columns
                # (Carer.clean → refresh_search_columns), exactly as a carer saved through the
                # register; with history rows too, so each record's audit trail starts here.
                bulk_create_with_history(
                    check.carers[start : start + IMPORT_BATCH],
                    Carer,
                    batch_size=IMPORT_BATCH,
                    default_user=user,
                    default_change_reason=f"Imported from {locked.filename}",
                )
                _report_progress(locked.pk, min(start + IMPORT_BATCH, total), total)
            locked.status = ImportStatus.IMPORTED
            locked.imported_count = total
            locked.imported_at = timezone.now()
            locked.content = b""  # the personal data now lives in the register only
            locked.save(update_fields=["status", "imported_count", "imported_at", "content"])
            kpi_cache_bump(organisation_id=locked.organisation_id)
            return locked
    except Exception:
        log.exception("carer import %s failed; nothing was imported", import_id)
        CarerImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(status=ImportStatus.FAILED)
        raise


def import_looks_stale(carer_import: CarerImport) -> bool:
    """Queued for longer than STALE_AFTER_SECONDS (maybe lost; the requeue checks the lock)."""
    return bool(carer_import.queued_at) and (
        timezone.now() - carer_import.queued_at > timedelta(seconds=STALE_AFTER_SECONDS)
    )


def carer_import_requeue_stale(*, older_than_seconds: int = STALE_AFTER_SECONDS) -> int:
    """Queue again every import queued a while ago that no worker is importing now.

    A running import holds its row lock for the whole import, so SKIP LOCKED passes over it;
    an import still queued and unlocked after a while has lost its message (Redis restarted
    empty, or was unreachable when it was confirmed). Sending it twice is harmless (see
    carer_import_run). Returns how many were queued again."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    with transaction.atomic():
        stale = list(
            CarerImport.objects.select_for_update(skip_locked=True)
            .filter(status=ImportStatus.QUEUED, queued_at__lt=cutoff)
            .only("pk", "confirmed_by_id", "uploaded_by_id")
        )
        for carer_import in stale:
            CarerImport.objects.filter(pk=carer_import.pk).update(queued_at=timezone.now())
            _queue(carer_import.pk, carer_import.confirmed_by_id or carer_import.uploaded_by_id)
    return len(stale)
