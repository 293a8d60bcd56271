"""Clearing the cache in tests without touching other test workers' keys."""

from django.core.cache import cache


def clear_this_databases_cache() -> None:
    """Forget what this test database's requests cached (throttle counts, permissions...).

    With Redis, only this database's keys go (every key is prefixed with the database name, see
    common/cache.py): cache.clear() would flush the keys of every test worker sharing the server."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
