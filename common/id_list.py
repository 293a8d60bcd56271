"""A list of row ids held in one column, for one row that is about many records at once (an
export's access-log row lists every carer in the file).

On PostgreSQL the column is `bigint[]`: written in one statement with `array_agg`, and found with
`field__has=id` (`@>`), which a GIN index on the column answers as an index lookup. On the embedded
SQLite default it is a JSON array in a text column, found with `json_each` (a scan of the rows that
hold a list: exports, not carers).
"""

import json

from django.db import connections, models
from django.db.models import Lookup


class IdListField(models.Field):
    description = "A list of record ids"

    def db_type(self, connection):
        return "bigint[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return json.loads(value) if isinstance(value, str) else list(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value) if isinstance(value, str) else list(value)

    def get_prep_value(self, value):
        return None if value is None else [int(item) for item in value]

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


@IdListField.register_lookup
class Has(Lookup):
    """`field__has=id`: the rows whose list holds the id."""

    lookup_name = "has"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs if hasattr(self.rhs, "resolve_expression") else int(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> ARRAY[{rhs}]::bigint[]", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # lhs is the compiled column, rhs a placeholder: no values in the text.
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})"  # noqa: S608  # nosec B608
        return sql, [*lhs_params, *rhs_params]


def id_list_aggregate_sql(vendor: str, column: str) -> str:
    """SQL aggregating `column` of a set of rows into the list's stored form."""
    return f"array_agg({column})" if vendor == "postgresql" else f"json_group_array({column})"


def id_list_replace(queryset, field_name: str, old: int, new: int) -> int:
    """In every row of `queryset` whose list holds `old`, put `new` in its place (once: a list that
    already holds `new` just loses `old`). Returns how many rows changed."""
    rows = queryset.filter(**{f"{field_name}__has": old})
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        changed = 0
        for pk, ids in rows.values_list("pk", field_name):
            kept = list(dict.fromkeys(new if item == old else item for item in ids))
            queryset.model._default_manager.filter(pk=pk).update(**{field_name: kept})
            changed += 1
        return changed
    ids_sql, params = rows.values("pk").query.sql_with_params()
    model = queryset.model
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.get_field(field_name).column)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            # Names are the model's own; the rows come from the ORM's compiled query.
            f"UPDATE {table} SET {column} = CASE WHEN {column} @> ARRAY[%s]::bigint[] "  # noqa: S608  # nosec B608
            f"THEN array_remove({column}, %s) ELSE array_replace({column}, %s, %s) END "
            f"WHERE {pk} IN ({ids_sql})",
            [new, old, old, new, *params],
        )
        return cursor.rowcount
