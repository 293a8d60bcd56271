from datetime import date

import pytest
from django.urls import reverse

from accounts.choices import Role
from reminders import registry
from reminders.models import Notification, ReminderRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    registry.register(registry.Source("test.review", "Review date", lambda s, e: [], default_leads=("4w", "1w")))
    yield
    registry.unregister("test.review")


def test_rules_page_lists_sources_with_their_defaults(client_for, source):
    page = client_for(Role.COMMISSIONER).get(reverse("reminders:rule_list")).content.decode()
    assert "Review date" in page and "4w, 1w" in page and "(default)" in page


def test_commissioner_changes_lead_times_with_field_errors_for_bad_ones(client_for, source):
    client = client_for(Role.COMMISSIONER)
    url = reverse("reminders:rule_edit", args=["test.review"])
    bad = client.post(url, {"leads": "fortnight", "is_active": "on"})
    assert bad.status_code == 200 and "is not a lead time" in bad.content.decode()
    assert not ReminderRule.objects.exists()
    good = client.post(url, {"leads": "6w 2w", "send_overdue": "on", "is_active": "on"})
    assert good.status_code == 302
    assert ReminderRule.objects.get(source="test.review").leads == "6w 2w"


def test_rule_edit_is_refused_to_other_roles_and_unknown_sources_are_404(client_for, source):
    url = reverse("reminders:rule_edit", args=["test.review"])
    for role in (Role.CSC_OFFICER, Role.FINANCE_OFFICER, Role.BROKERAGE_OFFICER):
        assert client_for(role).get(url).status_code == 403
    assert client_for(Role.ADMINISTRATOR).get(url).status_code == 200
    assert client_for(Role.COMMISSIONER).get(reverse("reminders:rule_edit", args=["nope"])).status_code == 404


def test_marking_notifications_read_clears_the_header_count(client_for, personas):
    user = personas[Role.CSC_OFFICER]
    for n in range(3):
        Notification.objects.create(recipient=user, key=f"k{n}", title=f"Review {n}", due_date=date(2026, 12, 1))
    client = client_for(Role.CSC_OFFICER)
    assert 'moj-notification-badge">3<' in client.get("/").content.decode()
    client.post(reverse("reminders:notification_mark_read"))
    assert 'moj-notification-badge">0<' in client.get("/").content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
