"""Keyset (cursor) pagination for every API list.

A cursor page is fetched with `WHERE key < last_seen ORDER BY key LIMIT n`, so page 1,000 costs
what page 1 costs and no request runs COUNT(*) over a large table.
"""

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500
