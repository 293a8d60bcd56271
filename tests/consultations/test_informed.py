"""What a consultation informed: the contracts and strategies an event is linked to, chosen from
the user's own council only (page and API), shown on the event's page, the strategy's page and
the contract's page in commissioning."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from consultations.models import ConsultationEvent
from tests.commissioning.factories import ContractFactory
from tests.consultations.factories import EventFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def _form(personas, **extra):
    return {
        "title": "Carers Consultation",
        "about": "Changes to carers services",
        "run_by_user": personas[Role.COMMISSIONER].pk,
        "method": "meeting",
        "when": "date",
        "starts_on": "2010-06-29",
        "audience": "carers",
    } | extra


def test_an_event_links_the_contracts_and_strategies_it_informed(client_for, personas):
    home = personas[Role.COMMISSIONER].organisation
    contract = ContractFactory(accountable_body=home, reference="OCC-CAR-0001", title="Carers Support Service")
    strategy = StrategyFactory(organisation=home, title="Oxfordshire Carers Strategy")
    client = client_for(Role.COMMISSIONER)
    response = client.post(
        reverse("consultations:event_create"),
        _form(personas, informed_contracts=[contract.pk], informed_strategies=[strategy.pk]),
    )
    assert response.status_code == 302
    event = ConsultationEvent.objects.get()
    assert list(event.informed_contracts.all()) == [contract]
    assert list(event.informed_strategies.all()) == [strategy]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "OCC-CAR-0001: Carers Support Service" in page and contract.get_absolute_url() in page
    assert "Oxfordshire Carers Strategy" in page
    contract_page = client.get(contract.get_absolute_url()).content.decode()
    assert "Consultations that informed this contract" in contract_page
    assert event.get_absolute_url() in contract_page
    assert event.get_absolute_url() in client.get(strategy.get_absolute_url()).content.decode()


def test_another_councils_contract_or_strategy_cannot_be_chosen(client_for, personas, other_org):
    theirs = ContractFactory(accountable_body=other_org)
    their_strategy = StrategyFactory(organisation=other_org)
    client = client_for(Role.COMMISSIONER)
    form = client.get(reverse("consultations:event_create")).context["form"]
    assert theirs not in form.fields["informed_contracts"].queryset
    assert their_strategy not in form.fields["informed_strategies"].queryset
    response = client.post(
        reverse("consultations:event_create"),
        _form(personas, informed_contracts=[theirs.pk], informed_strategies=[their_strategy.pk]),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "informed_contracts" in errors and "informed_strategies" in errors
    assert ConsultationEvent.objects.count() == 0


def test_api_links_and_refuses_another_councils(api_for, personas, other_org):
    home = personas[Role.COMMISSIONER].organisation
    ours, theirs = ContractFactory(accountable_body=home), ContractFactory(accountable_body=other_org)
    strategy = StrategyFactory(organisation=home)
    api = api_for(Role.COMMISSIONER)
    body = {
        "title": "Provider forum",
        "about": "Provision of services",
        "run_by_name": "Jack Holt",
        "method": "meeting",
        "when": "date",
        "starts_on": "2010-06-29",
        "audience": "providers",
    }
    bad = api.post(reverse("api:consultationevent-list"), body | {"informed_contracts": [theirs.pk]}, format="json")
    assert bad.status_code == 400 and "informed_contracts" in bad.json()["errors"]
    assert ConsultationEvent.objects.count() == 0
    good = api.post(
        reverse("api:consultationevent-list"),
        body | {"informed_contracts": [ours.pk], "informed_strategies": [strategy.pk]},
        format="json",
    )
    assert good.status_code == 201, good.json()
    assert (good.json()["informed_contracts"], good.json()["informed_strategies"]) == ([ours.pk], [strategy.pk])
    url = reverse("api:consultationevent-detail", args=[good.json()["id"]])
    patched = api.patch(url, {"informed_contracts": []}, format="json")
    assert patched.status_code == 200 and patched.json()["informed_contracts"] == []
    assert patched.json()["informed_strategies"] == [strategy.pk]  # untouched when not sent


def test_contract_page_hides_consultations_from_roles_without_them(client_for, personas):
    home = personas[Role.COMMISSIONER].organisation
    contract = ContractFactory(accountable_body=home)
    event = EventFactory(organisation=home, title="Secret-ish consultation")
    event.informed_contracts.add(contract)
    page = client_for(Role.FINANCE_OFFICER).get(contract.get_absolute_url()).content.decode()
    assert "Consultations that informed this contract" not in page and "Secret-ish consultation" not in page


def test_event_list_api_queries_do_not_grow_with_links(api_for, personas, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = personas[Role.COMMISSIONER].organisation
    contract, strategy = ContractFactory(accountable_body=home), StrategyFactory(organisation=home)

    def add(n):
        for _ in range(n):
            event = EventFactory(organisation=home)
            event.informed_contracts.add(contract)
            event.informed_strategies.add(strategy)

    api = api_for(Role.COMMISSIONER)
    add(2)
    with CaptureQueriesContext(connection) as few:
        api.get(reverse("api:consultationevent-list"))
    add(15)
    with django_assert_max_num_queries(len(few)):
        assert api.get(reverse("api:consultationevent-list")).status_code == 200
