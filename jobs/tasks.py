from celery import shared_task

from jobs import services


@shared_task(name="jobs.outbox_flush", ignore_result=True)
def outbox_flush() -> int:
    """Publish the tasks kept in the outbox while the broker was down (beat: every minute)."""
    return services.outbox_flush()
