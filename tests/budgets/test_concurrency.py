"""Twenty finance officers saving lines at once on one budget (PostgreSQL, real threads and
requests): the total is never exceeded, every refusal is the clear error, none a 500."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from budgets.models import Allocation
from commissioning.models import ServiceLine
from tests.budgets.factories import BudgetFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_saves_never_over_allocate(personas):
    budget = BudgetFactory(total=Decimal("1000.00"))
    service_line = ServiceLine.objects.get_or_create(name="Brokerage")[0].pk
    user = personas[Role.FINANCE_OFFICER]
    url = reverse("budgets:budget_allocation_add", args=[budget.pk])
    start = threading.Barrier(20)
    results: list[tuple[int, str]] = []

    def save(n: int) -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            response = client.post(url, {"description": f"Line {n}", "service_line": service_line, "amount": "150.00"})
            results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = [status for status, _ in results]
    assert len(results) == 20
    assert statuses.count(302) == 6  # 6 × £150 = £900; a seventh would make £1,050
    refused = [body for status, body in results if status != 302]
    assert len(refused) == 14
    assert all(status in (200, 302) for status in statuses)  # never a 500
    assert all("£100.00 is left to allocate" in body for body in refused)
    total = sum(Allocation.objects.filter(budget=budget).values_list("amount", flat=True))
    assert total == Decimal("900.00")
