"""Celery entry points for carer imports (imported from carers/tasks.py for autodiscovery)."""

from celery import shared_task

from carers.imports import services


# acks_late (also the project default): a worker killed mid-import rolls its transaction back and
# the message is delivered again. No retries: a failed import is marked failed, to confirm again.
@shared_task(name="carers.import_run", acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def carer_import_run_task(import_id: int, user_id: int) -> str:
    """Import one queued carers list, all rows or none (idempotent: see carer_import_run)."""
    carer_import = services.carer_import_run(import_id=import_id, user_id=user_id)
    return carer_import.status if carer_import else "running elsewhere"


@shared_task(name="carers.import_requeue_stale", acks_late=True, time_limit=60)
def carer_import_requeue_stale() -> int:
    """Queue again the imports whose message was lost (a Redis restart)."""
    return services.carer_import_requeue_stale()
