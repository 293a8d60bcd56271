"""The reminder engine's part of the benchmark. It has no rows of its own to generate (the due
dates belong to the apps that register sources); it gives the notifications page and the scan
that the harness times twice: the first creates every notification due, the second nothing."""

from django.db import connection

from accounts.choices import Role
from bench.spec import BenchContext, Endpoint, Scale


def generate(conn, scale: Scale) -> dict[str, int]:
    return {}


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    return [
        Endpoint(f"notifications page ({role.value})", role, ["/notifications/"], max_queries=15)
        for role in (Role.COMMISSIONER, Role.CSC_OFFICER)
    ]


def reminder_reset() -> None:
    """Forget the notifications of earlier runs, so that this run's first scan is a first scan."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_notification")


def reminder_scan() -> dict[str, int]:
    """One scan for today; what it created, in all and per due-date source."""
    from reminders.services import reminders_scan

    result = reminders_scan()
    return {"notifications": result.created, **{f"from {name}": n for name, n in result.by_source.items()}}
