"""Request throttles counted in fixed windows.

DRF's own throttles keep a list of every request's time in the cache and read and rewrite it
whole on each request: two round trips to Redis, carrying up to 6,000 timestamps at the user
rate. These count the requests of each window of the rate's duration with one atomic increment
(one round trip): at most the rate in any window, at most twice the rate across a window's
edge. If the cache is away, requests are let through, as DRF's throttles do then."""

import redis
from django.core.cache import cache
from rest_framework import throttling


def _increment(key: str, timeout: int) -> int | None:
    """Add one to the count at `key`, which expires `timeout` seconds after its last increment;
    None when the cache cannot count."""
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client"):  # django-redis: INCR and EXPIRE in one round trip
        name = cache.make_key(key)
        try:
            pipe = client.get_client(write=True).pipeline(transaction=False)
            pipe.incr(name)
            pipe.expire(name, timeout)
            return pipe.execute()[0]
        except redis.RedisError:
            return None
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        return None


class FixedWindowMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = _increment(f"{self.key}:{window}", self.duration + 1)
        return count is None or count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    """Requests without credentials, per client address (API_ANON_RATE)."""


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    """Requests of each signed-in user or token (API_USER_RATE)."""
