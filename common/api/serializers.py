from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error shape of every failed API call."""

    message = serializers.CharField(help_text="What went wrong, in plain English.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field name; `non_field_errors` for the request as a whole.",
    )
