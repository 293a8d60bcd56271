"""Two officers saving the same new KPI target (or area estimate) at the same moment: no 500, one
row, and the later save wins. Real PostgreSQL connections in two threads, no mocks."""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from tests.accounts.factories import AreaFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roles(transactional_db):
    """A transactional test starts from a flushed database (an earlier one emptied it): the role
    groups the data migration made must be made again."""
    from accounts.roles import role_groups_sync

    role_groups_sync()


def _race(model, user, url, payloads):
    """POST each payload from its own thread and connection. Each request waits just before its
    INSERT/UPDATE (pre_save) until the other has got as far, so that, unless the service
    serialises them, both have looked for the row and found none before either writes."""
    barrier = threading.Barrier(len(payloads), timeout=3)
    seen = threading.local()

    def hold(sender, instance, **kwargs):
        if not getattr(seen, "held", False):
            seen.held = True
            # Broken after the timeout: the other request is waiting on our lock, so go on.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    finished: list[int] = []
    results: dict[int, object] = {}

    def post(index, payload):
        try:
            client = APIClient()
            client.force_authenticate(user)
            results[index] = client.post(url, payload, format="json")
        except Exception as exc:  # noqa: BLE001 - a 500 raised by the view is what we look for
            results[index] = exc
        finally:
            finished.append(index)
            connection.close()

    pre_save.connect(hold, sender=model, dispatch_uid="race")
    try:
        threads = [threading.Thread(target=post, args=(i, p)) for i, p in enumerate(payloads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(sender=model, dispatch_uid="race")
    return results, finished


def test_two_officers_saving_the_same_new_target_at_once(roles, personas, home_org):
    indicator = KpiIndicator.objects.create(organisation=home_org, name="Carers known", measure="manual")
    payloads = [{"indicator": indicator.pk, "year": 2012, "target": target} for target in ("10", "20")]
    results, finished = _race(KpiTarget, personas[Role.COMMISSIONER], reverse("api:kpitarget-list"), payloads)
    statuses = {i: getattr(r, "status_code", r) for i, r in results.items()}
    assert all(status == 201 for status in statuses.values()), statuses
    row = KpiTarget.objects.get(indicator=indicator, year=2012)  # one row
    assert row.target == Decimal(payloads[finished[-1]]["target"])  # the later save wins


def test_two_commissioners_setting_the_same_new_area_estimate_at_once(roles, personas, home_org):
    area = AreaFactory(council=home_org)
    payloads = [{"area": area.pk, "year": 2012, "estimated_carers": n} for n in (900, 1200)]
    results, finished = _race(AreaEstimate, personas[Role.COMMISSIONER], reverse("api:areaestimate-list"), payloads)
    statuses = {i: getattr(r, "status_code", r) for i, r in results.items()}
    assert all(status == 201 for status in statuses.values()), statuses
    row = AreaEstimate.objects.get(area=area, year=2012)
    assert row.estimated_carers == payloads[finished[-1]]["estimated_carers"]
