"""Signposting directory: search during a call (htmx), entries, and information given on a contact."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from carers.directory import selectors, services
from carers.kpis.selectors import kpi_summary
from carers.models import DirectoryEntry, InformationGiven
from common.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.carers.factories import AssessmentFactory, CarerFactory, ContactFactory
from tests.carers.feature_factories import (
    DirectoryEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return {
        "cafe": DirectoryEntryFactory(name="Dementia carers café", description="Peer support, first Friday"),
        "sitting": DirectoryEntryFactory(
            name="Age UK sitting service", category="sitting", description="Sitters for people with dementia"
        ),
        "gone": DirectoryEntryFactory(name="Dementia drop-in (closed)", is_active=False),
    }


def test_search_matches_every_word_ranks_names_first_and_hides_unlisted(entries):
    assert list(selectors.directory_search(q="dementia")) == [entries["cafe"], entries["sitting"]]
    assert list(selectors.directory_search(q="dementia sitters")) == [entries["sitting"]]
    assert list(selectors.directory_search(q="dementia", category="sitting")) == [entries["sitting"]]
    assert list(selectors.directory_search(q="nothing like this")) == []


def test_search_box_answers_with_a_partial_for_htmx_and_a_page_without(client_for, entries):
    client = client_for(Role.CSC_OFFICER)
    url = reverse("carers:directory_search")
    partial = client.get(url, {"q": "café"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Dementia carers café" in partial and "<html" not in partial
    page = client.get(url, {"q": "café"}).content.decode()
    assert "<html" in page and "Dementia carers café" in page
    listing = client.get(reverse("carers:directory_list")).content.decode()
    assert 'hx-get="/carers/directory/search/"' in listing


def test_officer_records_a_service_as_information_given_on_a_contact(client_for, entries, home_org):
    contact = ContactFactory(carer=CarerFactory(organisation=home_org))
    client = client_for(Role.CSC_OFFICER)
    results = client.get(
        reverse("carers:directory_search"), {"q": "café", "contact": contact.pk}, HTTP_HX_REQUEST="true"
    )
    assert "Record as information given" in results.content.decode()

    data = {"contact": contact.pk, "entry": entries["cafe"].pk, "next": "/carers/directory/?contact=1"}
    response = client.post(reverse("carers:directory_record_given"), data)
    again = client.post(reverse("carers:directory_record_given"), data, follow=True)

    assert response.status_code == 302 and response["Location"] == "/carers/directory/?contact=1"
    given = InformationGiven.objects.get()
    assert (given.contact, given.entry.name, given.given_by.username) == (contact, "Dementia carers café", "p_csc")
    assert "already recorded as given" in again.content.decode()
    assert InformationGiven.objects.count() == 1


def test_information_cannot_be_recorded_on_another_councils_contact_or_an_unlisted_service(
    client_for, entries, other_org, home_org, personas
):
    foreign = ContactFactory(carer=CarerFactory(organisation=other_org))
    client = client_for(Role.CSC_OFFICER)
    client.post(reverse("carers:directory_record_given"), {"contact": foreign.pk, "entry": entries["cafe"].pk})
    assert not InformationGiven.objects.exists()
    mine = ContactFactory(carer=CarerFactory(organisation=home_org))
    with pytest.raises(DomainError, match="no longer listed"):
        services.information_given_record(contact=mine, entry=entries["gone"], user=personas[Role.CSC_OFFICER])


def test_an_unsafe_next_address_is_ignored(client_for, entries, home_org):
    contact = ContactFactory(carer=CarerFactory(organisation=home_org))
    response = client_for(Role.CSC_OFFICER).post(
        reverse("carers:directory_record_given"),
        {"contact": contact.pk, "entry": entries["cafe"].pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("carers:directory_list")


def test_commissioners_read_the_directory_but_do_not_record_or_edit(client_for, entries, home_org):
    client = client_for(Role.COMMISSIONER)
    assert client.get(reverse("carers:directory_list")).status_code == 200
    assert client.get(reverse("carers:directory_create")).status_code == 403
    contact = ContactFactory(carer=CarerFactory(organisation=home_org))
    response = client.post(
        reverse("carers:directory_record_given"), {"contact": contact.pk, "entry": entries["cafe"].pk}
    )
    assert response.status_code == 403
    assert client_for(Role.FINANCE_OFFICER).get(reverse("carers:directory_list")).status_code == 403


def test_admin_adds_an_entry_and_bad_contact_details_are_refused(client_for):
    client = client_for(Role.ADMINISTRATOR)
    bad = client.post(
        reverse("carers:directory_create"),
        {"name": "Carers café", "category": "peer_support", "phone": "call us", "postcode": "XYZ", "is_active": "on"},
    )
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "phone" in errors and "postcode" in errors
    assert not DirectoryEntry.objects.exists()
    good = client.post(
        reverse("carers:directory_create"),
        {"name": "Carers café", "category": "peer_support", "phone": "01865 123456", "postcode": "ox4 1ab"},
    )
    assert good.status_code == 302
    assert DirectoryEntry.objects.get().postcode == "OX4 1AB"


def test_information_given_counts_towards_ni135(home_org):
    carer = CarerFactory(organisation=home_org, identified_on=date(2018, 1, 1))
    AssessmentFactory(carer=carer, assessed_on=date(2019, 6, 1))
    contact = ContactFactory(carer=carer, contacted_at=timezone.make_aware(timezone.datetime(2019, 8, 1)))
    InformationGiven.objects.create(
        contact=contact,
        entry=DirectoryEntryFactory(),
        given_by=UserFactory(),
        given_at=timezone.make_aware(timezone.datetime(2019, 8, 1)),
    )
    assert kpi_summary(organisation=home_org, year=2019).ni135[-1]["numerator"] == 1


def test_directory_pages_query_counts(client_for, django_assert_max_num_queries):
    DirectoryEntryFactory.create_batch(25)
    entry = DirectoryEntryFactory(name="Carers café special")
    client = client_for(Role.CSC_OFFICER)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:directory_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:directory_search"), {"q": "café"}, HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("carers:directory_detail", args=[entry.pk])).status_code == 200
