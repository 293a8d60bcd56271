"""A task for the fault tests, loaded by their Celery workers with `--include tests.faults.tasks`.

It marks that it started (a file), works for `seconds`, then records its key with get_or_create:
idempotent, so a redelivered run leaves exactly one row.
"""

import time
from pathlib import Path

from celery import shared_task

from accounts.choices import OrganisationKind
from accounts.models import Organisation


@shared_task(name="tests.faults.record_key")
def record_key(key: str, started_file: str = "", seconds: float = 0) -> None:
    if started_file:
        with Path(started_file).open("a") as marker:
            marker.write("started\n")
    time.sleep(seconds)
    Organisation.objects.get_or_create(name=key, defaults={"kind": OrganisationKind.VOLUNTARY})
