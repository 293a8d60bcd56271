"""API request throttles: each user gets the rate in each window, then 429 with Retry-After
until the next window; other users and anonymous clients are counted apart."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from common.api.throttling import AnonRateThrottle, UserRateThrottle
from tests.caching import clear_this_databases_cache

# The start of the current minute: sessions signed in now are still valid then.
WINDOW_START = datetime.now(UTC).replace(second=0, microsecond=0)


def test_a_user_over_the_rate_is_refused_until_the_next_window(api_for, monkeypatch):
    clear_this_databases_cache()
    monkeypatch.setattr(UserRateThrottle, "rate", "3/minute", raising=False)
    url = reverse("api:user-me")
    officer, commissioner = api_for(Role.CSC_OFFICER), api_for(Role.COMMISSIONER)
    with time_machine.travel(WINDOW_START + timedelta(seconds=15), tick=False) as traveller:
        assert [officer.get(url).status_code for _ in range(3)] == [200, 200, 200]
        refused = officer.get(url)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"  # the window ends at the next minute
        assert refused.json()["message"] == "Request was throttled. Expected available in 45 seconds."
        assert commissioner.get(url).status_code == 200  # counted apart
        traveller.move_to(WINDOW_START + timedelta(seconds=60))
        assert officer.get(url).status_code == 200
    clear_this_databases_cache()


def test_anonymous_clients_are_counted_by_address(db, monkeypatch):
    clear_this_databases_cache()
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)
    url = reverse("api:user-me")
    with time_machine.travel(WINDOW_START, tick=False):
        one, other = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="10.0.0.2")
        assert [one.get(url).status_code for _ in range(3)] == [401, 401, 429]
        assert other.get(url).status_code == 401
    clear_this_databases_cache()


def test_the_count_is_one_integer_per_user_and_window(personas, api_for, monkeypatch):
    clear_this_databases_cache()
    monkeypatch.setattr(UserRateThrottle, "rate", "100/minute", raising=False)
    user = personas[Role.CSC_OFFICER]
    client = api_for(Role.CSC_OFFICER)
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(4):
            client.get(reverse("api:user-me"))
        window = int(WINDOW_START.timestamp() // 60)
        key = f"throttle_user_{user.pk}:{window}"
        client_cache = getattr(cache, "client", None)
        if hasattr(client_cache, "get_client"):
            assert int(client_cache.get_client().get(cache.make_key(key))) == 4
        else:
            assert cache.get(key) == 4
    clear_this_databases_cache()
