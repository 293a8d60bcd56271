"""OpenAPI schema generation: every operation documents the error responses it can give."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from common.api.serializers import ErrorSerializer

ERROR_STATUSES = {
    "400": "Invalid input or a broken business rule.",
    "401": "Not signed in.",
    "403": "Signed in, but this role may not do this.",
    "404": "No such record, or it is outside your scope.",
    "406": "The requested format is not available.",
    "415": "The request body is not JSON.",
    "429": "Too many requests (throttled) or too many failed logins.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: str = "response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self._get_response_for_code(ErrorSerializer, "400")
        for code, description in ERROR_STATUSES.items():
            if code not in responses:
                responses[code] = {**error, "description": description}
        return responses


# Paging parameters are not filters: an empty value is an error there.
STRICT_QUERY_PARAMETERS = {"page_size", "cursor", "format"}


def document_empty_filter_values(result, generator, request, public):
    """drf-spectacular post-processing hook: an empty filter value means "any".

    A FilterSet serves a list page and its API alike, and a page's filter form sends its "Any"
    option as an empty value (`?level=`, `?council=`), so the API accepts one too. Say so in the
    schema, and describe yes/no filters as the strings they are in a query: `true`, `false` or
    empty.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") != "query":
                    continue
                if parameter.get("name") == "format" and "enum" in schema:
                    # `api` is the browsable API, HTML for people in a browser: not a format the
                    # schema's responses describe (they are JSON and CSV).
                    schema["enum"] = [value for value in schema["enum"] if value != "api"]
                if schema.get("type") == "boolean":
                    parameter["schema"] = {"type": "string", "enum": ["true", "false", ""]}
                elif "enum" in schema and "" not in schema["enum"]:
                    schema["enum"] = [*schema["enum"], ""]
                elif parameter.get("name") not in STRICT_QUERY_PARAMETERS and (
                    schema.get("type") in ("integer", "number") or schema.get("format") in ("date", "date-time")
                ):
                    # A number or a date, or empty for "any" (as a filter form sends it).
                    parameter["schema"] = {"anyOf": [schema, {"type": "string", "enum": [""]}]}
    return result
