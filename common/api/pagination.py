"""Keyset (cursor) pagination for every API list.

A cursor page is fetched with `WHERE key < last_seen ORDER BY key LIMIT n`, so page 1,000 costs
what page 1 costs and no request runs COUNT(*) over a large table.
"""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from common.api.exports import csv_list_response, wants_csv


class KeysetPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        """`page_size` must be a whole number of at least 1 (above 500 gives 500); anything else
        is a 400 rather than silently the default, so a client's mistake is visible."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"Enter a whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = f"Rows per page, 1 to {self.max_page_size} (default {self.page_size})."
        return parameters

    def get_paginated_response(self, data):
        csv = getattr(self, "_csv", None)
        return csv if csv is not None else super().get_paginated_response(data)

    def paginate_queryset(self, queryset, request, view=None):
        if wants_csv(request) and view is not None:
            # A CSV of a list is the whole filtered list, in the pages' order, streamed: no page
            # is cut; get_paginated_response answers the stream. A malformed `page_size` is still
            # the 400 the schema promises, as it is for a JSON page.
            self.get_page_size(request)
            self._csv = csv_list_response(view, queryset.order_by(*self.get_ordering(request, queryset, view)))
            return []
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError) as exc:
            # A tampered cursor (one whose position is not a value of the ordering column) is a
            # client's mistake: 404 "Invalid cursor", as DRF answers an undecodable one.
            raise NotFound(self.invalid_cursor_message) from exc
