"""Clearing the cache in tests without touching other test workers' keys."""

from common.cache import forget_this_database


def clear_this_databases_cache() -> None:
    """Forget what this test database's requests cached (throttle counts, permissions...).

    With Redis, only this database's keys go (every key is prefixed with the database name, see
    common/cache.py): cache.clear() would flush the keys of every test worker sharing the server."""
    forget_this_database()
