"""Celery entry points for reminders."""

from datetime import date

from celery import shared_task

from reminders.services import reminders_send


@shared_task(name="reminders.send_reminders", acks_late=True, autoretry_for=(ConnectionError,), max_retries=3)
def send_reminders(today: str | None = None) -> dict:
    """Scan every due-date source and send reminders (idempotent: safe to run twice)."""
    result = reminders_send(today=date.fromisoformat(today) if today else None)
    return {"today": result.today.isoformat(), "created": result.created, "emailed": result.emailed}
