"""The reminder engine's guarantees, proved once with a due-date source the test owns (the
domain sources register from their own apps and are tested there)."""

from datetime import date
from threading import Thread

import pytest
from django.core import mail
from django.db import connection

from accounts.choices import Role
from reminders import registry
from reminders.models import Notification, ReminderRule
from reminders.services import notifications_email, reminders_scan, rule_save

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS: list[registry.DueItem] = []


def _fetch(start, end):
    return [item for item in ITEMS if start <= item.due_date <= end]


@pytest.fixture
def source(personas):
    recipient = personas[Role.COMMISSIONER]
    ITEMS[:] = [
        registry.DueItem(1, date(2027, 3, 31), "Contract A ends", "/contracts/1/", (recipient.id,)),
        registry.DueItem(2, date(2026, 12, 15), "Contract B ends", "/contracts/2/", (recipient.id,)),
        registry.DueItem(3, date(2026, 11, 1), "Contract C ended", "/contracts/3/", (recipient.id,)),
        registry.DueItem(4, date(2028, 1, 1), "Contract D ends", "/contracts/4/", (recipient.id,)),
    ]
    registry.register(
        registry.Source("test.contract_end", "Contract end", _fetch, default_leads=("12m", "6m", "3m", "1m"))
    )
    yield recipient
    registry.unregister("test.contract_end")


def _keys():
    return sorted(Notification.objects.values_list("key", flat=True))


def test_scan_creates_one_notification_per_item_in_its_tightest_window(source):
    result = reminders_scan(today=date(2026, 11, 23))
    assert result.created == 3
    assert _keys() == [
        "test.contract_end:1:2027-03-31:6m",
        "test.contract_end:2:2026-12-15:1m",
        "test.contract_end:3:2026-11-01:overdue",
    ]
    titles = set(Notification.objects.values_list("title", flat=True))
    assert "Contract B ends is due on 15 December 2026" in titles
    assert "Contract C ended is overdue" in titles


def test_running_twice_creates_nothing_twice(source):
    first = reminders_scan(today=date(2026, 11, 23))
    second = reminders_scan(today=date(2026, 11, 23))
    assert (first.created, second.created) == (3, 0)
    assert Notification.objects.count() == 3


def test_a_missed_day_misses_nothing_and_each_threshold_fires_once(source):
    reminders_scan(today=date(2026, 11, 23))
    # Weeks pass without a scan: contract A crossed 3 months on 31 December, B fell overdue and
    # D came within 12 months on 1 January. Each is caught late, once.
    result = reminders_scan(today=date(2027, 1, 5))
    assert result.created == 3
    assert {
        "test.contract_end:1:2027-03-31:3m",
        "test.contract_end:2:2026-12-15:overdue",
        "test.contract_end:4:2028-01-01:12m",
    } <= set(_keys())


# Several scan workers at once are a PostgreSQL deployment's (Celery workers); the embedded SQLite
# default runs one beat, and its in-memory test database locks whole tables between threads.
@pytest.mark.postgres
def test_concurrent_scans_on_several_workers_create_each_notification_once(source):
    errors = []

    def scan():
        try:
            reminders_scan(today=date(2026, 11, 23))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Notification.objects.count() == 3


def test_rules_change_the_lead_times_and_can_switch_a_source_off(source):
    rule_save(source="test.contract_end", leads="2W 1d", send_overdue=False, is_active=True)
    assert ReminderRule.objects.get().leads == "2w 1d"
    reminders_scan(today=date(2026, 12, 5))
    assert _keys() == ["test.contract_end:2:2026-12-15:2w"]
    rule_save(
        rule=ReminderRule.objects.get(), source="test.contract_end", leads="2w", send_overdue=False, is_active=False
    )
    assert reminders_scan(today=date(2026, 12, 14)).created == 0


@pytest.mark.parametrize("leads", ["", "soon", "3 months", "12y"])
def test_bad_lead_times_are_field_errors(source, leads):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        rule_save(source="test.contract_end", leads=leads, send_overdue=True, is_active=True)
    assert "leads" in error.value.message_dict
    assert not ReminderRule.objects.exists()


def test_notifications_are_emailed_once(source, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_scan(today=date(2026, 11, 23))
    assert notifications_email() == 3
    assert notifications_email() == 0
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == [source.email]


def test_send_reminders_command_accepts_a_date(source):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", "--today", "2026-11-23", stdout=out)
    assert "3 notifications created" in out.getvalue()
    call_command("send_reminders", "--today", "2026-11-23", stdout=out)
    assert "0 notifications created" in out.getvalue()
