"""The project's one task path: `jobs.enqueue(task_name, *args)` queues a Celery task after the
transaction commits and keeps it in the outbox while Redis is down (see jobs/services.py)."""


def enqueue(task, *args, **kwargs) -> None:
    """Queue the task (its registered name, or the task itself) with JSON-serialisable arguments
    (ids, not objects) once the current transaction commits; it survives a Redis outage or restart."""
    # Imported here: this package is loaded with INSTALLED_APPS, before its models may be.
    from jobs.services import enqueue as _enqueue

    _enqueue(task, *args, **kwargs)
