"""Celery entry points for accounts."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.clear_expired_sessions", acks_late=True)
def clear_expired_sessions() -> str:
    """Delete expired sessions (Django's clearsessions): idempotent, safe to run twice."""
    call_command("clearsessions")
    return "ok"
