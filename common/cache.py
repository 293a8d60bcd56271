"""Cache keys scoped to the database in use.

One Redis may serve several databases on a machine (development, the bench database, each test
worker's database): a cached permission set or KPI summary for organisation 1 in one must never
answer for organisation 1 in another. Every key is prefixed with the database's name.
"""

from django.db import connection


def database_scoped_key(key: str, key_prefix: str, version: int) -> str:
    return f"{connection.settings_dict['NAME']}:{key_prefix}:{version}:{key}"
