"""The task outbox: tasks that could not be queued because the broker (Redis) was unreachable."""

from django.db import models


class OutboxTask(models.Model):
    """A Celery task kept while the broker was down; `outbox_flush` sends it when it is back.

    No domain meaning: a row is a task name and its JSON arguments, deleted once sent.
    """

    task = models.CharField(max_length=200, help_text="The Celery task's registered name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Failed attempts to send it since.")
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "task waiting for the broker"

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
