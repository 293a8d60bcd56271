"""What a consultation informed: the procurements, contracts and strategies an event is linked
to, chosen from the user's own council only (page and API), shown on the event's page, the
strategy's page and the procurement's and contract's pages in commissioning."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from consultations.models import ConsultationEvent
from tests.commissioning.factories import ContractFactory, ProcurementFactory
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


# --- Procurements it informed ------------------------------------------------------------------
def test_an_event_links_the_procurements_it_informed_and_both_pages_link_each_other(client_for, personas):
    home = personas[Role.COMMISSIONER].organisation
    procurement = ProcurementFactory(organisation=home, reference="OCC-CC-2009", title="Carers centres")
    client = client_for(Role.COMMISSIONER)
    form = client.get(reverse("consultations:event_create")).context["form"]
    assert procurement in form.fields["informed_procurements"].queryset
    response = client.post(
        reverse("consultations:event_create"), _form(personas, informed_procurements=[procurement.pk])
    )
    assert response.status_code == 302
    event = ConsultationEvent.objects.get()
    assert list(event.informed_procurements.all()) == [procurement]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Procurements it informed" in page
    assert "OCC-CC-2009: Carers centres" in page and procurement.get_absolute_url() in page
    procurement_page = client.get(procurement.get_absolute_url()).content.decode()
    assert "Consultations that informed it" in procurement_page
    assert event.get_absolute_url() in procurement_page and "Carers Consultation" in procurement_page


def test_editing_an_event_replaces_its_procurements(client_for, personas):
    home = personas[Role.COMMISSIONER].organisation
    first, second = ProcurementFactory(organisation=home), ProcurementFactory(organisation=home)
    event = EventFactory(organisation=home, run_by_user=personas[Role.COMMISSIONER])
    event.informed_procurements.add(first)
    client = client_for(Role.COMMISSIONER)
    response = client.post(
        reverse("consultations:event_update", args=[event.pk]), _form(personas, informed_procurements=[second.pk])
    )
    assert response.status_code == 302
    assert list(event.informed_procurements.all()) == [second]
    assert event.get_absolute_url() not in client.get(first.get_absolute_url()).content.decode()


def test_a_procurement_run_for_the_council_can_be_linked(client_for, personas, other_org):
    home = personas[Role.COMMISSIONER].organisation
    collaborative = ProcurementFactory(organisation=other_org, reference="RCBC-STCO")
    collaborative.run_for.add(home)
    client = client_for(Role.COMMISSIONER)
    response = client.post(
        reverse("consultations:event_create"), _form(personas, informed_procurements=[collaborative.pk])
    )
    assert response.status_code == 302
    assert list(ConsultationEvent.objects.get().informed_procurements.all()) == [collaborative]


def test_another_councils_procurement_cannot_be_linked(client_for, personas, other_org):
    theirs = ProcurementFactory(organisation=other_org, reference="DCC-PROC-1")
    client = client_for(Role.COMMISSIONER)
    form = client.get(reverse("consultations:event_create")).context["form"]
    assert theirs not in form.fields["informed_procurements"].queryset
    response = client.post(reverse("consultations:event_create"), _form(personas, informed_procurements=[theirs.pk]))
    assert response.status_code == 200
    assert "informed_procurements" in response.context["form"].errors
    assert ConsultationEvent.objects.count() == 0


def test_the_service_refuses_another_councils_procurement(personas, other_org):
    from django.core.exceptions import ValidationError

    from consultations import services

    event = EventFactory(organisation=personas[Role.COMMISSIONER].organisation)
    theirs = ProcurementFactory(organisation=other_org)
    with pytest.raises(ValidationError) as raised:
        services.event_update(event=event, informed_procurements=[theirs])
    assert raised.value.message_dict == {"informed_procurements": ["Choose procurements of your council."]}
    assert not event.informed_procurements.exists()


def test_procurement_page_shows_only_the_viewers_councils_events(client_for, personas, other_org):
    home = personas[Role.COMMISSIONER].organisation
    collaborative = ProcurementFactory(organisation=other_org)
    collaborative.run_for.add(home)
    ours = EventFactory(organisation=home, title="Our carers forum")
    theirs = EventFactory(organisation=other_org, title="Their provider forum")
    ours.informed_procurements.add(collaborative)
    theirs.informed_procurements.add(collaborative)
    page = client_for(Role.COMMISSIONER).get(collaborative.get_absolute_url()).content.decode()
    assert "Our carers forum" in page and "Their provider forum" not in page


def test_api_links_procurements_and_refuses_another_councils(api_for, personas, other_org):
    home = personas[Role.COMMISSIONER].organisation
    ours, theirs = ProcurementFactory(organisation=home), ProcurementFactory(organisation=other_org)
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
    bad = api.post(reverse("api:consultationevent-list"), body | {"informed_procurements": [theirs.pk]}, format="json")
    assert bad.status_code == 400 and "informed_procurements" in bad.json()["errors"]
    assert ConsultationEvent.objects.count() == 0
    good = api.post(reverse("api:consultationevent-list"), body | {"informed_procurements": [ours.pk]}, format="json")
    assert good.status_code == 201, good.json()
    assert good.json()["informed_procurements"] == [ours.pk]
    url = reverse("api:consultationevent-detail", args=[good.json()["id"]])
    assert api.get(url).json()["informed_procurements"] == [ours.pk]
    patched = api.patch(url, {"informed_procurements": [theirs.pk]}, format="json")
    assert patched.status_code == 400 and "informed_procurements" in patched.json()["errors"]
    patched = api.patch(url, {"informed_procurements": []}, format="json")
    assert patched.status_code == 200 and patched.json()["informed_procurements"] == []


def test_the_schema_documents_the_procurements_an_event_informed(api_for):
    schema = api_for(Role.COMMISSIONER).get(reverse("api:schema"), {"format": "json"}).json()
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert event["informed_procurements"]["type"] == "array"
