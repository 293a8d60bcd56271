"""Bad input is named for what it is: an impossible date is "not a real date" (not "required"),
and a date range whose start is after its end says so on the field instead of showing nothing."""

import pytest
from django import forms
from django.urls import reverse

from accounts.choices import Role
from common.forms import NOT_A_REAL_DATE, GovukDateInput


class _DateForm(forms.Form):
    day = forms.DateField(widget=GovukDateInput())


@pytest.mark.parametrize("typed", ["31/02/2024", "30/13/2024", "2024-02-30", "yesterday"])
def test_an_impossible_date_is_not_a_real_date(typed):
    form = _DateForm({"day": typed})
    assert form.errors == {"day": [NOT_A_REAL_DATE]}


@pytest.mark.parametrize("typed", ["29/02/2024", "2024-02-29"])
def test_a_real_date_is_read_either_way(typed):
    form = _DateForm({"day": typed})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["day"]) == "2024-02-29"


def test_the_date_box_is_typed_text_so_the_browser_sends_what_was_typed():
    html = _DateForm().as_p()
    assert 'type="text"' in html and 'type="date"' not in html


@pytest.mark.django_db
def test_the_carers_list_says_an_impossible_date_is_not_a_real_date(client_for):
    page = client_for(Role.CSC_OFFICER).get(reverse("carers:carer_list"), {"last_contact_from": "31/02/2024"})
    body = page.content.decode()
    assert NOT_A_REAL_DATE in body
    assert "This field is required" not in body


@pytest.mark.django_db
def test_a_carers_list_range_from_after_to_is_an_error_on_the_field(client_for):
    page = client_for(Role.CSC_OFFICER).get(
        reverse("carers:carer_list"), {"last_contact_from": "01/05/2024", "last_contact_to": "01/04/2024"}
    )
    body = page.content.decode()
    assert "Must be the same as or after “Last contact on or after”" in body
    assert 'id="last_contact_to-error"' in body or "govuk-error-message" in body


@pytest.mark.django_db
def test_the_api_refuses_a_range_from_after_to(api_for):
    response = api_for(Role.CSC_OFFICER).get(
        "/api/carers/", {"last_contact_from": "2024-05-01", "last_contact_to": "2024-04-01"}
    )
    assert response.status_code == 400
    assert "last_contact_to" in response.json()["errors"]


@pytest.mark.django_db
def test_a_range_in_order_is_accepted(client_for):
    page = client_for(Role.CSC_OFFICER).get(
        reverse("carers:carer_list"), {"last_contact_from": "01/04/2024", "last_contact_to": "01/04/2024"}
    )
    assert "Must be the same as or after" not in page.content.decode()
