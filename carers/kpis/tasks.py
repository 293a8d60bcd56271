"""Celery entry points for carer KPIs (import this module from carers/tasks.py so that
autodiscovery registers it)."""

from celery import shared_task

from carers.kpis import services


@shared_task(name="carers.kpi_cache_warm", acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def kpi_cache_warm() -> int:
    """Recount every council's KPI page into the cache (idempotent: it only overwrites the cache)."""
    return services.kpi_cache_warm()
