"""Dates the carers models default to, in the council's time zone."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the council's time zone (a model default that migrations name)."""
    return timezone.localdate()
