"""The register's API: the same rules as the pages, in the one error shape."""

from decimal import Decimal

import pytest

from accounts.choices import Role
from commissioning.models import Contract, ServiceLine
from tests.commissioning.factories import ContractFactory, ProviderFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def _body(**overrides):
    return {
        "reference": "API-1",
        "title": "Carers Support Service",
        "provider": ProviderFactory().pk,
        "service_lines": [ServiceLine.objects.get_or_create(name="Carers support service")[0].pk],
        "total_value": "900.00",
        "annual_value": "300.00",
        "start_date": "2026-04-01",
        "initial_end_date": "2029-03-31",
        "extension_options": "24",
    } | overrides


def test_create_and_read_derived_values(api_for):
    api = api_for(Role.COMMISSIONER)
    response = api.post("/api/contracts/", _body(), format="json")
    assert response.status_code == 201, response.json()
    data = api.get(f"/api/contracts/{response.json()['id']}/").json()
    assert data["current_end"] == "2029-03-31" and data["latest_possible_end"] == "2031-03-31"
    assert data["options_left"] == [24] and data["current_total_value"] == "900.00"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total_value", "1.234"),
        ("total_value", "-1"),
        ("total_value", "abc"),
        ("start_date", "2027-02-30"),
        ("initial_end_date", "2020-01-01"),
        ("annual_value", "5000.00"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_saved(api_for, field, value):
    response = api_for(Role.COMMISSIONER).post("/api/contracts/", _body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Contract.objects.exists()


def test_extend_refuses_beyond_the_options_and_above_a_threshold_without_decision(api_for):
    api = api_for(Role.COMMISSIONER)
    ThresholdFactory(over_value=Decimal("150000"), decision_body="Executive")
    contract = ContractFactory(extension_options="24")
    url = f"/api/contracts/{contract.pk}/extend/"
    refused = api.post(url, {"rationale": "x"}, format="json")
    assert refused.status_code == 400 and "decided_on" in refused.json()["errors"]
    done = api.post(url, {"rationale": "x", "decided_on": "2024-09-17", "decision_reference": "EX/9"}, format="json")
    assert done.status_code == 200 and done.json()["current_end"] == "2027-03-31"
    again = api.post(url, {"rationale": "x", "decided_on": "2024-09-17", "decision_reference": "EX/9"}, format="json")
    assert again.status_code == 400 and "No extension option is left" in again.json()["errors"]["months"][0]


def test_another_councils_contract_is_404_and_finance_cannot_extend(api_for, outsider):
    from rest_framework.test import APIClient

    contract = ContractFactory()
    client = APIClient()
    client.force_authenticate(outsider)
    assert client.get(f"/api/contracts/{contract.pk}/").status_code == 404
    assert client.post(f"/api/contracts/{contract.pk}/extend/", {"rationale": "x"}, format="json").status_code == 404
    assert (
        api_for(Role.FINANCE_OFFICER)
        .post(f"/api/contracts/{contract.pk}/extend/", {"rationale": "x"}, format="json")
        .status_code
        == 403
    )


def test_register_filters_in_the_api(api_for):
    ContractFactory(reference="A")
    response = api_for(Role.FINANCE_OFFICER).get("/api/contracts/", {"expiring_within": "abc"})
    assert response.status_code == 400
