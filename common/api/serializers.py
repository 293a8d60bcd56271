from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error shape of every failed API call."""

    message = serializers.CharField(help_text="What went wrong, in plain English.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field name; `non_field_errors` for the request as a whole.",
    )


# (field class, the JSON types it takes, the message otherwise). DRF converts between JSON types
# (`"name": 0` → "0", `"is_active": 0` → False, `"count": "3"` → 3); the schema says no.
STRICT_TYPES = [
    (serializers.BooleanField, (bool,), "Must be true or false."),
    (serializers.CharField, (str,), "Not a valid string."),
    (serializers.IntegerField, (int,), "A whole number is required."),
]


class StrictTypesMixin:
    """Values must have the JSON type the schema gives them: a field error (400) otherwise.

    NUL characters and text longer than the column are refused by DRF's own validators
    (ProhibitNullCharactersValidator, max_length), so neither reaches the database to fail there.
    """

    def to_internal_value(self, data):
        if hasattr(data, "items"):
            wrong = {}
            for name, field in self.fields.items():
                value = data.get(name)
                if field.read_only or value is None:
                    continue
                for field_class, types, message in STRICT_TYPES:
                    if isinstance(field, field_class):
                        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
                            wrong[name] = [message]
                        break
                # Too long as sent (DRF would trim spaces first and let it through).
                max_length = getattr(field, "max_length", None)
                if name not in wrong and isinstance(value, str) and max_length and len(value) > max_length:
                    wrong[name] = [f"Ensure this field has no more than {max_length} characters."]
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class ModelSerializer(StrictTypesMixin, serializers.ModelSerializer):
    """The base of every app's model serializers."""


class Serializer(StrictTypesMixin, serializers.Serializer):
    """The base of every app's plain serializers."""
