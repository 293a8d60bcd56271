"""Template filters shared by every app."""

from django import template

from common.money import format_gbp

register = template.Library()


@register.filter
def gbp(value, pence: bool = True) -> str:
    """{{ amount|gbp }} → £1,234.56; {{ amount|gbp:False }} → £1,235."""
    return format_gbp(value, pence=pence)


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs) -> str:
    """Return the current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_set(context, key: str, value) -> str:
    """Like query_transform, for a parameter whose name is itself a variable (django-tables2's
    prefixed sort and page fields)."""
    params = context["request"].GET.copy()
    params[key] = value
    return params.urlencode()


@register.simple_tag
def table_body(table):
    """{% table_body table %}: the rows of a django-tables2 table's current page (common/table_rows.py)."""
    from common.table_rows import table_body as render

    return render(table)
