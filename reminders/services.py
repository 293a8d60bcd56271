"""The reminder engine and notification writes.

`reminders_scan(today=...)` looks at every registered due-date source for what falls due within
its rule's lead times (or is overdue) and creates each notification once. A notification's key
names the source, the record, the due date and the lead time, and (recipient, key) is unique in
the database: running the scan twice, on several workers at once, or after a missed day creates
nothing twice (the insert ignores rows that already exist) and misses nothing (an item is caught
by the tightest lead window it is in, whichever day the scan runs).
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from common.writes import model_save
from reminders import registry
from reminders.models import Notification, ReminderRule

log = logging.getLogger(__name__)

# Overdue items are looked for this far back, so a scan after a missed week still finds them
# without sweeping ten years of past dates on the first run.
OVERDUE_LOOKBACK = timedelta(days=90)
BATCH = 2000


@dataclass
class ScanResult:
    today: date
    created: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    emailed: int = 0


def rule_for(source: registry.Source) -> tuple[list[str], bool, bool]:
    """(lead times tightest first, send overdue, active) for a source: its rule, or its defaults."""
    rule = ReminderRule.objects.filter(source=source.name).first()
    leads = rule.leads.split() if rule else list(source.default_leads)
    overdue = rule.send_overdue if rule else source.overdue
    active = rule.is_active if rule else True
    reference = date(2000, 1, 1)
    leads.sort(key=lambda lead: registry.lead_start(reference, lead), reverse=True)
    return leads, overdue, active


def _which_lead(today: date, due: date, leads: list[str], overdue: bool) -> str | None:
    if due < today:
        return "overdue" if overdue else None
    for lead in leads:  # tightest first
        if today >= registry.lead_start(due, lead):
            return lead
    return None


def _key_prefix(source_name: str, record_id: int) -> str:
    """The start of every notification key about one record of a source (then due date and lead)."""
    return f"{source_name}:{record_id}:"


def notifications_withdraw_unread(*, source_names, record_id: int) -> int:
    """Withdraw the unread reminders of these sources about one record, when the date they name
    has moved (the next scan sends the new date's). Reminders already read stay in the
    recipient's history. Returns how many were withdrawn."""
    withdrawn = 0
    for name in source_names:
        withdrawn += Notification.objects.filter(
            key__startswith=_key_prefix(name, record_id), read_at__isnull=True
        ).delete()[0]
    return withdrawn


def _notifications_for(source: registry.Source, items, today: date, leads, overdue) -> list[Notification]:
    rows = []
    for item in items:
        lead = _which_lead(today, item.due_date, leads, overdue)
        if lead is None:
            continue
        key = f"{_key_prefix(source.name, item.record_id)}{item.due_date.isoformat()}:{lead}"
        when = "is overdue" if lead == "overdue" else f"is due on {item.due_date:%-d %B %Y}"
        title = f"{item.title} {when}"
        for recipient_id in item.recipient_ids:
            rows.append(
                Notification(
                    recipient_id=recipient_id,
                    key=key,
                    title=title[:200],
                    body=item.body,
                    url=item.url,
                    due_date=item.due_date,
                )
            )
    return rows


def _insert_new(rows: list[Notification]) -> int:
    """Insert the rows not already there; return how many were new."""
    if not rows:
        return 0
    existing = set(
        Notification.objects.filter(
            recipient_id__in={row.recipient_id for row in rows}, key__in={row.key for row in rows}
        ).values_list("recipient_id", "key")
    )
    new = [row for row in rows if (row.recipient_id, row.key) not in existing]
    # ignore_conflicts: another worker scanning at the same moment may insert the same rows.
    Notification.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return len(new)


def reminders_scan(*, today: date | None = None) -> ScanResult:
    """Create the notifications that every registered source has due at `today` (London time)."""
    today = today or timezone.localdate()
    result = ScanResult(today=today)
    for source in registry.sources():
        leads, overdue, active = rule_for(source)
        if not active or not leads:
            continue
        widest = max(leads, key=lambda lead: today - registry.lead_start(today, lead))
        end = today + (today - registry.lead_start(today, widest))
        start = today - OVERDUE_LOOKBACK if overdue else today
        items = iter(source.fetch(start, end))
        created = 0
        while batch := list(islice(items, BATCH)):
            with transaction.atomic():
                created += _insert_new(_notifications_for(source, batch, today, leads, overdue))
        result.by_source[source.name] = created
        result.created += created
    log.info("reminder scan for %s created %s notifications", today, result.created)
    return result


def notifications_email(*, limit: int = 5000) -> int:
    """E-mail the notifications not yet e-mailed, each once.

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED, so two workers never send the same one.
    """
    sent = 0
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(emailed_at__isnull=True)
            .exclude(recipient__email="")
            .order_by("id")[:limit]
        )
        if not claimed:
            return 0
        messages = [
            EmailMessage(
                subject=f"{settings.SERVICE_NAME}: {n.title}",
                body=f"{n.title}\n\n{n.body}\n\nOpen it: {n.url}\n".strip(),
                to=[n.recipient.email],
            )
            for n in claimed
        ]
        with get_connection() as connection:
            sent = connection.send_messages(messages) or 0
        Notification.objects.filter(id__in=[n.id for n in claimed]).update(emailed_at=timezone.now())
    return sent


def reminders_send(*, today: date | None = None) -> ScanResult:
    """The daily job: scan, then e-mail what the scan (or an earlier failed run) left unsent."""
    result = reminders_scan(today=today)
    result.emailed = notifications_email()
    return result


@transaction.atomic
def rule_save(*, rule: ReminderRule | None = None, **fields) -> ReminderRule:
    """Create or change the reminder rule of a source."""
    rule = rule or ReminderRule()
    for name, value in fields.items():
        setattr(rule, name, value)
    if registry.get_source(rule.source) is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"source": "There is no due-date source with that name."})
    return model_save(rule)


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.for_user(user).unread()
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    return queryset.update(read_at=timezone.now())
