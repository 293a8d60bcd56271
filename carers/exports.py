"""The managers' carers export: its columns, and the service that access-logs every exported record.

The file itself is written by `common.exports` (PostgreSQL's COPY, or the Python writer on the
embedded default); this module says what goes in it and records who took it.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import BooleanField, Case, F, QuerySet, Value, When
from django.utils import timezone

from carers import choices as c
from carers.models import AccessLog, Carer
from common.exports import Column, Kind
from common.id_list import id_list_aggregate_sql

CARER_EXPORT_COLUMNS = [
    Column("Id", "pk", Kind.INT),
    Column("First name", "first_name"),
    Column("Last name", "last_name"),
    Column("Date of birth", "date_of_birth", Kind.DATE),
    Column("Phone", "phone"),
    Column("Email", "email"),
    Column("Postcode", "postcode"),
    Column("Area", "area__name"),
    Column("Hours of care", "hours_band", choices=dict(c.HoursBand.choices)),
    Column("Identification source", "identification_source", choices=dict(c.IdentificationSource.choices)),
    Column("Identified on", "identified_on", Kind.DATE),
    Column(
        "Working carer",
        Case(When(employment__in=c.WORKING, then=Value(True)), default=Value(False), output_field=BooleanField()),
        Kind.BOOL,
    ),
    Column("Consent to share", "consent_to_share", Kind.BOOL),
    Column("Last contact", "last_contact_at", Kind.DATETIME),
]


def carer_export_log(*, carers: QuerySet[Carer], user, path: str) -> None:
    """Write ONE 'exported' access-log row listing every carer in `carers`, in one INSERT ... SELECT.

    Set-based on purpose: the ids go from the carers query straight into the row's list (an array
    on PostgreSQL, GIN-indexed; a JSON array on SQLite), never through Python. One row per export,
    not per carer: 60,631 log rows cost twice the COPY of the file. Every carer's access-log page,
    subject access export, merge and erasure still find it (`AccessLog.objects.about`). The log is
    written (and committed) before the file is sent; an export of no carers writes nothing.
    """
    try:
        ids_sql, params = carers.order_by().annotate(exported_id=F("pk")).values("exported_id").query.sql_with_params()
    except EmptyResultSet:  # a queryset known to be empty (e.g. .none()): nothing to log
        return
    _log_ids(carers.db, ids_sql, params, "exported_id", user=user, path=path)


def carer_export_log_snapshot(*, table: str, column: str, user, path: str, using: str = "default") -> None:
    """The same row, for an export already written to a snapshot table (common.exports
    snapshot_csv_pieces): the ids come from the snapshot, so the carers are read once, not twice."""
    _log_ids(using, f"SELECT {column} FROM {table}", [], column, user=user, path=path)  # noqa: S608  # nosec B608


def _log_ids(using: str, ids_sql: str, params: list, column: str, *, user, path: str) -> None:
    table = AccessLog._meta.db_table
    connection = connections[using]
    listed = id_list_aggregate_sql(connection.vendor, f"ids.{column}")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            # The table name is the model's own and the ids come from a compiled query of ours.
            f"INSERT INTO {table} (carer_id, carer_ids, user_id, action, path, at) "  # noqa: S608  # nosec B608
            f"SELECT NULL, {listed}, %s, %s, %s, %s FROM ({ids_sql}) AS ids HAVING count(*) > 0",
            [user.pk, c.AccessAction.EXPORTED, path[:300], timezone.now(), *params],
        )
