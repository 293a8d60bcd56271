"""The OCDS open-data endpoint: procurements and contracts as an OCDS 1.1 release package, a page
of contracting processes at a time, streamed as it is read (the mapping: commissioning/ocds.py)."""

import base64
import binascii
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from commissioning import ocds

PAGE_SIZE, MAX_PAGE_SIZE = 100, 500


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.Field):
    """An ISO 8601 date (`2026-04-01`) or date-time (`2026-04-01T09:30:00Z`); a date alone is its
    first moment, or with `end_of_day` its last (so `updated_to=2026-04-01` includes that day)."""

    default_error_messages = {"invalid": "Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SSZ)."}

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> datetime:
        text = str(data).strip()
        try:
            moment = parse_datetime(text)
            day = None if moment else parse_date(text)
        except ValueError:  # well formed but impossible, such as 2026-02-30
            self.fail("invalid")
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        if day is None:
            self.fail("invalid")
        start = timezone.make_aware(datetime.combine(day, time()))
        return start + timedelta(days=1, microseconds=-1) if self.end_of_day else start

    def to_representation(self, value):
        return value.isoformat()


class ReleaseQuerySerializer(serializers.Serializer):
    updated_from = MomentField(required=False, help_text="Releases dated on or after this (ISO date or date-time).")
    updated_to = MomentField(
        required=False, end_of_day=True, help_text="Releases dated on or before this (a date includes that day)."
    )
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, help_text=f"Processes per page (default {PAGE_SIZE})."
    )
    cursor = serializers.CharField(required=False, help_text="The position of the page (from links.next).")

    def validate(self, data):
        start, end = data.get("updated_from"), data.get("updated_to")
        if start and end and end < start:
            raise serializers.ValidationError({"updated_to": ["Enter a date on or after updated_from."]})
        return data


def _encode(position: ocds.Position) -> str:
    return base64.urlsafe_b64encode(position.encode().encode()).decode()


def _decode(cursor: str) -> ocds.Position:
    try:
        return ocds.Position.decode(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise NotFound("Invalid cursor.") from exc


class OcdsReleaseView(APIView):
    """Open data: the procurements and contracts you can see as an OCDS 1.1 release package.

    One contracting process per procurement (`<prefix>-proc-<id>`) and per contract no procurement
    here awarded (`<prefix>-contract-<id>`), published as one release per event: planning (UK2),
    tender (UK4, or UK5 for a direct award), procurement termination (UK12), award per lot (UK6),
    contract details (UK7), each change (UK10) and termination (UK11) — the Procurement Act 2023
    notice is in each release's `noticeType`. Parties with roles, lots with award-criteria
    weights, awards with `relatedLots`, contract periods with `maxExtentDate`, values in GBP.

    Paged by cursor over processes (`page_size` processes, default 100, at most 500): follow
    `links.next` until it is absent. `updated_from` / `updated_to` (ISO date or date-time) keep the
    releases whose `date` falls within them; a date alone for `updated_to` includes that day.
    The package is streamed as it is read."""

    required_permissions = ["commissioning.view_procurement", "commissioning.view_contract"]
    # The package is JSON only (the response streams it; no other format is offered).
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="ocds_releases",
        parameters=[ReleaseQuerySerializer],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="An OCDS 1.1 release package.")},
    )
    def get(self, request):
        # An empty filter (`updated_from=`) is no filter, as on the other lists; paging parameters
        # stay strict (common/api/schema.py).
        query = ReleaseQuerySerializer(
            data={k: v for k, v in request.query_params.items() if v != "" or k in ("page_size", "cursor")}
        )
        query.is_valid(raise_exception=True)
        values = query.validated_data
        after = _decode(values["cursor"]) if "cursor" in values else ocds.Position()
        window = ocds.Window(values.get("updated_from"), values.get("updated_to"))
        size = values.get("page_size", PAGE_SIZE)
        user = request.user
        state = {"last": None, "count": 0}

        def releases():
            for position, found in ocds.processes(user, window, after=after, limit=size):
                state["last"], state["count"] = position, state["count"] + 1
                yield from found

        def links():
            if state["count"] == size and ocds.more_after(user, window, state["last"]):
                params = {k: v for k, v in request.query_params.items() if k != "cursor"}
                params["cursor"] = _encode(state["last"])
                yield {"next": request.build_absolute_uri(f"{request.path}?{urlencode(params)}")}

        chunks = ocds.package_chunks(releases(), uri=request.build_absolute_uri(), links=links())
        response = StreamingHttpResponse((chunk.encode() for chunk in chunks), content_type="application/json")
        response["Cache-Control"] = "private, no-store"
        return response
