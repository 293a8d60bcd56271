"""Cache keys scoped to the database in use.

One Redis may serve several databases on a machine (development, the bench database, each test
worker's database): a cached permission set or KPI summary for organisation 1 in one must never
answer for organisation 1 in another. Every key is prefixed with the database's name.
"""

from django.db import connection


def database_scoped_key(key: str, key_prefix: str, version: int) -> str:
    return f"{connection.settings_dict['NAME']}:{key_prefix}:{version}:{key}"


def forget_this_database() -> None:
    """Delete every cached key of the database in use (Redis: only its own prefix; other caches
    are per process and cleared whole). After a restore the rows behind the keys are others:
    a cached user, permission set or KPI summary must not answer for them."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
