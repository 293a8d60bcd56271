from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Queueing Celery tasks safely: after commit, and kept in an outbox while the broker is down."""

    name = "jobs"
    verbose_name = "Background jobs"
