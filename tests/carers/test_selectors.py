import datetime

import pytest

from accounts.choices import Role
from carers import choices as c
from carers import selectors
from carers.models import Carer
from tests.carers.factories import (
    AssessmentFactory,
    CarerFactory,
    ContactFactory,
    ContingencyPlanFactory,
    ReferralFactory,
    SubjectAccessRequestFactory,
)


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


@pytest.fixture
def smiths(db):
    return {
        "john": CarerFactory(first_name="John", last_name="Smith", date_of_birth=datetime.date(1958, 3, 12)),
        "joan": CarerFactory(first_name="Joan", last_name="Smithson", postcode="OX15 4AA"),
        "jane": CarerFactory(first_name="Jane", last_name="Brown", phone="01865 123456"),
        "other": CarerFactory(first_name="Peter", last_name="Jones", postcode="OX4 2ZZ"),
    }


def _names(results):
    return [str(carer) for carer in results]


def test_search_by_exact_name(csc, smiths):
    assert _names(selectors.carer_search(user=csc, text="john smith"))[0] == "John Smith"


@pytest.mark.postgres
def test_search_finds_misspelt_name_best_first(csc, smiths):
    results = _names(selectors.carer_search(user=csc, text="Jon Smyth"))
    assert results[0] == "John Smith"
    assert "Peter Jones" not in results


@pytest.mark.postgres
def test_search_finds_a_surname_alone(csc, smiths):
    results = _names(selectors.carer_search(user=csc, text="smith"))
    assert results[0] == "John Smith"
    assert "Joan Smithson" in results


def test_search_by_postcode(csc, smiths):
    assert _names(selectors.carer_search(user=csc, text="ox15 4aa")) == ["Joan Smithson"]
    assert "Joan Smithson" in _names(selectors.carer_search(user=csc, text="OX15"))


def test_search_by_phone_in_any_format(csc, smiths):
    assert _names(selectors.carer_search(user=csc, text="+44 1865 123456")) == ["Jane Brown"]
    assert _names(selectors.carer_search(user=csc, text="01865123456")) == ["Jane Brown"]


def test_search_by_date_of_birth(csc, smiths):
    assert _names(selectors.carer_search(user=csc, text="12/03/1958")) == ["John Smith"]
    assert _names(selectors.carer_search(user=csc, text="1958-03-12")) == ["John Smith"]


def test_search_hides_restricted_records(csc, smiths):
    Carer.objects.filter(pk=smiths["john"].pk).update(status=c.CarerStatus.RESTRICTED)
    assert "John Smith" not in _names(selectors.carer_search(user=csc, text="john smith"))


def test_search_only_returns_the_users_organisation(csc, smiths, outsider):
    from tests.accounts.factories import OrganisationFactory

    CarerFactory(first_name="John", last_name="Smith", organisation=OrganisationFactory(name="Devon County Council"))
    found = selectors.carer_search(user=csc, text="john smith")
    assert {carer.organisation_id for carer in found} == {csc.organisation_id}
    assert _names(found).count("John Smith") == 1


def test_search_finds_nothing_for_finance(personas, smiths):
    assert selectors.carer_search(user=personas[Role.FINANCE_OFFICER], text="john smith") == []


def test_parse_search_splits_terms():
    terms = selectors.parse_search("Jon Smyth 12/03/1958 OX4 1AB")
    assert terms.name == "jon smyth"
    assert terms.date_of_birth == datetime.date(1958, 3, 12)
    assert terms.postcode == "OX4 1AB"


def test_possible_duplicates_same_dob_similar_name(smiths):
    candidate = Carer(
        first_name="John",
        last_name="Smith",
        date_of_birth=datetime.date(1958, 3, 12),
        organisation=smiths["john"].organisation,
    )
    candidate.refresh_search_columns()
    found = list(selectors.possible_duplicates(organisation=candidate.organisation, carer=candidate))
    assert found == [smiths["john"]]


def test_possible_duplicates_same_phone(smiths):
    candidate = Carer(
        first_name="Someone",
        last_name="Else",
        date_of_birth=datetime.date(1990, 1, 1),
        phone="01865 123456",
        organisation=smiths["jane"].organisation,
    )
    candidate.refresh_search_columns()
    assert list(selectors.possible_duplicates(organisation=candidate.organisation, carer=candidate)) == [smiths["jane"]]


def test_possible_duplicates_none_for_a_new_person(smiths):
    candidate = Carer(
        first_name="Zara",
        last_name="Quentin",
        date_of_birth=datetime.date(1990, 1, 1),
        organisation=smiths["jane"].organisation,
    )
    candidate.refresh_search_columns()
    assert list(selectors.possible_duplicates(organisation=candidate.organisation, carer=candidate)) == []


def test_timeline_has_contacts_assessments_plans_and_changes(db):
    carer = CarerFactory()
    contact = ContactFactory(carer=carer)
    ReferralFactory(contact=contact)
    AssessmentFactory(carer=carer)
    ContingencyPlanFactory(carer=carer)
    kinds = {entry.kind for entry in selectors.carer_timeline(carer)}
    assert kinds == {"contact", "assessment", "plan", "change"}


def test_timeline_queries_do_not_grow_with_contacts(db, django_assert_max_num_queries):
    carer = CarerFactory()
    for _ in range(30):
        ReferralFactory(contact=ContactFactory(carer=carer))
    with django_assert_max_num_queries(6):
        entries = selectors.carer_timeline(carer)
    assert len([e for e in entries if e.kind == "contact"]) == 30


def test_review_dates_reach_the_reminders_engine(personas):
    from reminders.models import Notification
    from reminders.services import reminders_scan

    today = datetime.date.today()
    assessor = personas[Role.ADMINISTRATOR]
    AssessmentFactory(
        assessed_on=today - datetime.timedelta(days=300),
        next_review_on=today + datetime.timedelta(days=5),
        assessor=assessor,
    )
    SubjectAccessRequestFactory(
        received_on=today - datetime.timedelta(days=25), due_on=today + datetime.timedelta(days=5)
    )
    reminders_scan(today=today)
    csc = personas[Role.CSC_OFFICER]
    titles = {t.lower() for t in Notification.objects.filter(recipient=csc).values_list("title", flat=True)}
    assert any("subject access request" in t for t in titles)
    # The assessment has an assessor: the review reminder is theirs.
    assert Notification.objects.filter(recipient=assessor, title__icontains="carers assessment").exists()
    before = Notification.objects.count()
    reminders_scan(today=today)
    assert Notification.objects.count() == before
