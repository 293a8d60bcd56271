"""OpenAPI schema generation: every operation documents the error responses it can give."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from common.api.serializers import ErrorSerializer

ERROR_STATUSES = {
    "400": "Invalid input or a broken business rule.",
    "401": "Not signed in.",
    "403": "Signed in, but this role may not do this.",
    "404": "No such record, or it is outside your scope.",
    "406": "The requested format is not available.",
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
