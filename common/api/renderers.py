"""CSV as an API format (`?format=csv` or `Accept: text/csv`) for tabular lists."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from common.exports import safe_cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data] if data else []
        out = io.StringIO()
        header = list(rows[0].keys()) if rows else _serializer_fields(renderer_context)
        writer = csv.writer(out)
        # Always a header row: an empty body would lose the Content-Type (DRF drops it).
        writer.writerow(header or ["message"])
        for row in rows:
            writer.writerow([safe_cell(_flat(row.get(key))) for key in header])
        return out.getvalue().encode(self.charset)


def _serializer_fields(renderer_context) -> list[str]:
    view = (renderer_context or {}).get("view")
    try:
        return list(view.get_serializer().fields) if view is not None else []
    except Exception:  # a view without a serializer: the header falls back to one column
        return []


def _flat(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value
