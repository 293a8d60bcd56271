"""The form renderer writes selects in Python: byte for byte what Django's templates write, for
every shape a select takes here (model choices, a chosen value, an empty label, optgroups,
multiple, attributes true/false, text that must be escaped), and it is the one forms use."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from accounts.models import Organisation
from commissioning.filters import ContractFilterSet
from common.forms_renderer import FormRenderer, select_html
from tests.accounts.factories import OrganisationFactory

DJANGO = DjangoTemplates()
OURS = FormRenderer()

CHOICES = [
    ("", "---------"),
    ("a", 'Carers <Centre> & "Hub"'),
    (2, "Two"),
    ("Group 'one'", [("x", "Ex"), ("y", "Why & co")]),
    ("last", "O'Neill"),
]


def _both(widget: forms.Widget, value, attrs=None) -> tuple[str, str]:
    return (
        widget.render("field", value, attrs=attrs, renderer=DJANGO),
        widget.render("field", value, attrs=attrs, renderer=OURS),
    )


@pytest.mark.parametrize("value", [None, "", "a", 2, "2", "y", "<script>"])
def test_a_select_is_written_as_djangos_templates_write_it(value):
    widget = forms.Select(choices=CHOICES, attrs={"class": "govuk-select", "data-x": 'q"uote', "required": True})
    django, ours = _both(widget, value, attrs={"id": "id_field", "disabled": False})
    assert ours == django
    assert "<optgroup" in ours and "&lt;Centre&gt;" in ours


def test_a_multiple_select_too():
    django, ours = _both(forms.SelectMultiple(choices=CHOICES), ["a", "x"])
    assert ours == django
    assert ours.count(" selected") == 2


def test_an_empty_select_too():
    assert _both(forms.Select(choices=[]), None)[0] == _both(forms.Select(choices=[]), None)[1]


def test_a_select_with_its_own_option_template_goes_through_the_templates():
    class Radioish(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    django, ours = _both(Radioish(choices=[("a", "A")]), "a")
    assert ours == django


@pytest.mark.django_db
def test_the_registers_provider_filter_is_written_the_same_and_by_our_renderer(monkeypatch):
    OrganisationFactory(name="Crossroads & Carers", kind="provider")
    OrganisationFactory(name="<Age UK>", kind="voluntary")
    field = ContractFilterSet(data={"provider": str(Organisation.objects.order_by("id").last().pk)}).form["provider"]
    assert isinstance(field.form.renderer, FormRenderer)
    widget = field.field.widget
    django = widget.render(field.html_name, field.value(), attrs={"id": field.auto_id}, renderer=DJANGO)
    assert str(field) == django
    assert "&lt;Age UK&gt;" in django and " selected>" in django
    calls = []
    monkeypatch.setattr("common.forms_renderer.select_html", lambda w: calls.append(w) or select_html(w))
    str(field)
    assert calls  # written in Python, not through the templates
