"""Clearing the cache in tests without touching other test workers' keys: only this test
database's keys go (common/cache.py), cache.clear() would flush every worker's."""

from common.cache import forget_this_database as clear_this_databases_cache

__all__ = ["clear_this_databases_cache"]
