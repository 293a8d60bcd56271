"""Celery entry points for carers."""

from carers.imports.tasks import carer_import_requeue_stale, carer_import_run_task
from carers.kpis.tasks import kpi_cache_warm

__all__ = ["carer_import_requeue_stale", "carer_import_run_task", "kpi_cache_warm"]
