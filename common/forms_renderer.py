"""The project's form renderer (settings.FORM_RENDERER): Django's own, except that a select is
written in Python instead of through one template include per option.

A filter of providers holds a thousand or more options; Django's templates drew them at about
70 µs each, which was two thirds of the contracts register's time at full scale. The output is
the same bytes as Django's templates give (tests/common/test_forms_renderer.py compares them), and
any select whose templates a widget has changed still goes through those templates."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` for each, ` name` alone for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}"),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _options(options) -> str:
    # Each include of select_option.html keeps that template's final newline.
    return format_html_join(
        "",
        '\n  <option value="{}"{}>{}</option>\n',
        # The value as the template's stringformat:'s' gives it: a plain string, escaped.
        ((f"{option['value']}", _attrs(option["attrs"]), option["label"]) for option in options),
    )


def select_html(widget: dict) -> str:
    """select.html, written out: the same whitespace, escaping and optgroups."""
    body = format_html_join(
        "",
        "{}",
        (
            (format_html('\n  <optgroup label="{}">{}\n  </optgroup>', name, _options(options)),)
            if name
            else (_options(options),)
            for name, options, _ in widget["optgroups"]
        ),
    )
    return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), body)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option.get("template_name") == OPTION for _, options, _ in widget["optgroups"] for option in options
        ):
            return select_html(widget)
        return super().render(template_name, context, request)
