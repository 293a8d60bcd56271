"""A stand-in bench module with a reminder scan, for tests/bench/test_harness.py: it counts the
organisations in the database it was pointed at, and creates nothing."""


def reminder_reset() -> None:
    from accounts.models import Organisation

    Organisation.objects.filter(name__startswith="Reset me").delete()


def reminder_scan() -> dict[str, int]:
    from accounts.models import Organisation

    return {"organisations_seen": Organisation.objects.count(), "notifications": 0}
