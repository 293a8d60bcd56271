import inspect

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import Hyperlink, HyperlinkedIdentityField, PKOnlyObject, PrimaryKeyRelatedField

from common.fields import too_long_message


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
    # Amounts go out as text ("1250.00", never a float's rounding) and come in the same way.
    (serializers.DecimalField, (str,), 'Enter the amount as text, for example "1250.00".'),
]


class StrictTypesMixin:
    """Values must have the JSON type the schema gives them: a field error (400) otherwise.

    NUL characters are refused by DRF's own validator (ProhibitNullCharactersValidator) and text
    over the model field's max_length here, with the message a form page and an import give, so
    neither reaches the database to fail there.
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
                    wrong[name] = [too_long_message(max_length)]
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


_SKIP = object()
# Fields whose value is read straight off a model attribute when their source is one plain attribute.
_PLAIN_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.IntegerField,
)


def _plain_attribute(model, name: str) -> bool:
    """Whether `name` is a model field or property of `model`: a value, never a method DRF would
    call, and never missing (which DRF turns into a skipped or default value)."""
    attribute = inspect.getattr_static(model, name, _SKIP)
    return attribute is not _SKIP and not (
        inspect.isfunction(attribute) or isinstance(attribute, (staticmethod, classmethod))
    )


_URL_SENTINEL = 918273645546372819


def _identity_url_reader(field):
    """A record's own URL by filling its pk into one URL reversed for the whole list, instead of
    reversing the URL for every row; None where that cannot give DRF's URL."""
    if field.lookup_field != "pk" or "request" not in field.context or field.context.get("format"):
        return None
    request = field.context.get("request")
    try:
        template = field.get_url(PKOnlyObject(_URL_SENTINEL), field.view_name, request, None)
    except Exception:  # noqa: BLE001 - let DRF's own path raise its own error
        return None
    if template is None or template.count(str(_URL_SENTINEL)) != 1:
        return None
    head, tail = template.split(str(_URL_SENTINEL))

    def read_url(instance):
        pk = instance.pk
        if pk in (None, ""):
            return None
        if type(pk) is not int:
            return field.to_representation(instance)
        return Hyperlink(f"{head}{pk}{tail}", instance)

    return read_url


def _reader(field, model):
    """How to read one field's representation off an instance: what DRF's
    Serializer.to_representation does for the field, minus its per-value lookups where the
    source is a single plain attribute."""
    if isinstance(field, HyperlinkedIdentityField) and model is not None:
        read_url = _identity_url_reader(field)
        if read_url is not None:
            return read_url
    single = len(field.source_attrs) == 1 and model is not None
    if single and isinstance(field, PrimaryKeyRelatedField) and field.pk_field is None:
        try:
            attname = model._meta.get_field(field.source_attrs[0]).attname
        except FieldDoesNotExist:  # not a model field: read it the general way
            attname = None
        if attname and field.use_pk_only_optimization():
            return lambda instance: getattr(instance, attname)
    if single and isinstance(field, _PLAIN_FIELDS) and _plain_attribute(model, field.source_attrs[0]):
        if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
            # DRF asks for the current time zone again for every value; it is the same for the
            # whole response, so ask once (the field is this serializer's own copy).
            field.timezone = field.default_timezone()
        name, to_representation = field.source_attrs[0], field.to_representation

        def read_plain(instance):
            value = getattr(instance, name)
            return None if value is None else to_representation(value)

        return read_plain

    def read(instance):
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _SKIP
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return read


class FastReadMixin:
    """The same representation as DRF's, read with a plan made once per serializer (so once per
    list, since a list serialises every row with one child): a search page of 50 carers of 30
    fields took 7.5 ms in DRF's per-field lookups and takes about 2 ms (`make bench`)."""

    def to_representation(self, instance):
        readers = self.__dict__.get("_readers")
        if readers is None:
            # __class__, not type(): request.user is a lazy proxy of the User it stands for.
            model = instance.__class__ if isinstance(instance, Model) else None
            readers = self.__dict__["_readers"] = [
                (field.field_name, _reader(field, model)) for field in self._readable_fields
            ]
        ret = {}
        for name, read in readers:
            value = read(instance)
            if value is not _SKIP:
                ret[name] = value
        return ret


class ModelSerializer(FastReadMixin, StrictTypesMixin, serializers.ModelSerializer):
    """The base of every app's model serializers."""


class Serializer(StrictTypesMixin, serializers.Serializer):
    """The base of every app's plain serializers."""
