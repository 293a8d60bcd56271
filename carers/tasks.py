"""Celery entry points for carers."""

from carers.kpis.tasks import kpi_cache_warm

__all__ = ["kpi_cache_warm"]
