"""The audit trail shown on record pages, read from django-simple-history's tables."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


def history_entries(obj: Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Return who changed what and when for `obj`, newest first, with each change's fields.

    One query (the history rows with their users joined), whatever the number of entries.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [FieldChange(_label(type(obj), c.field), _display(c.old), _display(c.new)) for c in delta.changes]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _display(value) -> str:
    return "—" if value in (None, "") else str(value)


# django-simple-history keeps a change reason in a CharField of 100 characters: a longer one (a
# merge or restriction reason typed in full) would be refused by PostgreSQL with a 500.
CHANGE_REASON_LENGTH = 100


def record_change_reason(obj: Model, reason: str) -> None:
    """Set the change reason of `obj`'s latest history row, shortened to what the column holds."""
    from simple_history.utils import update_change_reason

    if len(reason) > CHANGE_REASON_LENGTH:
        reason = reason[: CHANGE_REASON_LENGTH - 1] + "…"
    update_change_reason(obj, reason)
