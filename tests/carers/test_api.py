import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers import selectors
from carers.models import AccessLog, Assessment, Carer, Contact
from tests.carers.factories import (
    AssessmentFactory,
    CarerFactory,
    CaringRelationshipFactory,
    ContactFactory,
    ContactReasonFactory,
    ContingencyPlanFactory,
    ReferralFactory,
)


@pytest.fixture
def csc_api(api_for):
    return api_for(Role.CSC_OFFICER)


def test_finance_officer_is_refused_a_carer_and_the_attempt_is_logged(api_for, personas):
    carer = CarerFactory()
    response = api_for(Role.FINANCE_OFFICER).get(reverse("api:carer-detail", args=[carer.pk]))
    assert response.status_code == 403
    assert response.json()["message"]
    log = AccessLog.objects.get(carer=carer)
    assert log.action == c.AccessAction.REFUSED and log.user == personas[Role.FINANCE_OFFICER]


def test_brokerage_officer_is_refused_a_carer_outside_their_packages(api_for):
    carer = CarerFactory()
    api = api_for(Role.BROKERAGE_OFFICER)
    outside = api.get(reverse("api:carer-detail", args=[carer.pk]))
    missing = api.get(reverse("api:carer-detail", args=[carer.pk + 1000]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert AccessLog.objects.filter(carer=carer, action=c.AccessAction.REFUSED).exists()
    assert api_for(Role.BROKERAGE_OFFICER).get(reverse("api:carer-list")).json()["results"] == []


def test_reading_a_carer_through_the_api_is_logged(csc_api):
    carer = CarerFactory()
    response = csc_api.get(reverse("api:carer-detail", args=[carer.pk]))
    assert response.status_code == 200
    assert response.json()["age_group"] == c.AgeGroup.OLDER_CARER  # born 1960
    assert AccessLog.objects.filter(carer=carer, action=c.AccessAction.VIEWED).count() == 1


SUMMARY = {
    "id", "url", "first_name", "last_name", "date_of_birth", "age_group", "phone", "postcode", "area",
    "hours_band", "identification_source", "identified_on", "status", "last_contact_at", "match_reason",
}  # fmt: skip


def test_lists_and_searches_show_a_summary_and_only_reading_one_carer_shows_all(csc_api):
    carer = CarerFactory(first_name="Grace", last_name="Okafor", phone="01865 555123", ethnicity=c.Ethnicity.BLACK)
    url = reverse("api:carer-list")
    listed = csc_api.get(url).json()["results"]
    found = csc_api.get(url, {"q": "grace okafor"}).json()["results"]
    as_csv = b"".join(csc_api.get(url, {"format": "csv"}).streaming_content).decode().splitlines()[0].split(",")
    assert (listed[0]["match_reason"], found[0]["match_reason"]) == ("", "surname, first name")
    for result in (listed[0], found[0]):
        assert set(result) == SUMMARY
        assert (result["id"], result["phone"], result["age_group"]) == (carer.pk, "01865 555123", "older_carer")
    assert set(as_csv) == SUMMARY
    # No record was read; the CSV of the whole list is an export, logged as the page's export is.
    assert not AccessLog.objects.filter(carer=carer, action=c.AccessAction.VIEWED).exists()
    assert AccessLog.objects.about(carer.pk).filter(action=c.AccessAction.EXPORTED).count() == 1
    record = csc_api.get(found[0]["url"]).json()
    assert record["ethnicity"] == c.Ethnicity.BLACK and {"email", "address", "consent_to_share"} <= set(record)
    assert AccessLog.objects.filter(carer=carer, action=c.AccessAction.VIEWED).count() == 1


def test_search_gives_as_many_matches_as_the_search_page_or_page_size_up_to_fifty(csc_api):
    CarerFactory.create_batch(55, first_name="John", last_name="Smith")
    url = reverse("api:carer-list")
    assert len(csc_api.get(url, {"q": "john smith"}).json()["results"]) == selectors.SEARCH_LIMIT == 20
    assert len(csc_api.get(url, {"q": "john smith", "page_size": 30}).json()["results"]) == 30
    assert len(csc_api.get(url, {"q": "john smith", "page_size": 80}).json()["results"]) == 50
    assert csc_api.get(url, {"q": "john smith", "page_size": 0}).status_code == 400


def test_search_through_the_api_ranks_best_first(csc_api):
    CarerFactory(first_name="John", last_name="Smith", postcode="OX4 1AB")
    CarerFactory(first_name="Mary", last_name="Jones", postcode="OX4 2CD")
    page = csc_api.get(reverse("api:carer-list"), {"q": "john smith"}).json()
    assert page["next"] is None
    assert page["results"][0]["last_name"] == "Smith"
    by_postcode = csc_api.get(reverse("api:carer-list"), {"q": "OX4 2CD"}).json()["results"]
    assert [r["last_name"] for r in by_postcode] == ["Jones"]


def test_search_with_other_filters_applies_them_all(csc_api):
    heavy = CarerFactory(first_name="John", last_name="Smith", hours_band=c.HoursBand.FIFTY_PLUS)
    light = CarerFactory(first_name="John", last_name="Smyth", hours_band=c.HoursBand.UP_TO_19)
    url = reverse("api:carer-list")
    alone = [r["id"] for r in csc_api.get(url, {"q": "john sm", "page_size": 10}).json()["results"]]
    assert alone == [heavy.pk, light.pk]  # equally similar: by surname
    filtered = csc_api.get(url, {"q": "john sm", "hours_band": c.HoursBand.UP_TO_19}).json()["results"]
    assert [r["id"] for r in filtered] == [light.pk]
    assert csc_api.get(url, {"q": "john sm", "hours_band": "nonsense"}).status_code == 400
    assert csc_api.get(url, {"q": "john sm", "page_size": "lots"}).status_code == 400


def test_register_through_the_api_with_duplicate_check(csc_api):
    data = {
        "first_name": "Ruth",
        "last_name": "Okafor",
        "date_of_birth": "1970-02-03",
        "postcode": "OX4 1AB",
        "hours_band": "20_49",
        "identification_source": "self_referral",
    }
    response = csc_api.post(reverse("api:carer-list"), data)
    assert response.status_code == 201, response.json()
    response = csc_api.post(reverse("api:carer-list"), data)
    assert response.status_code == 400
    assert "confirm_not_duplicate" in response.json()["errors"]
    assert csc_api.post(reverse("api:carer-list"), {**data, "confirm_not_duplicate": True}).status_code == 201


@pytest.mark.parametrize(
    "field,value",
    [
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "1880-01-01"),
        ("hours_band", ""),
        ("postcode", "NOT A CODE"),
        ("phone", "phone me"),
    ],
)
def test_api_refuses_bad_carer_input_with_field_errors(csc_api, field, value):
    data = {
        "first_name": "Ruth",
        "last_name": "Okafor",
        "date_of_birth": "1970-02-03",
        "hours_band": "20_49",
        "identification_source": "self_referral",
        field: value,
    }
    response = csc_api.post(reverse("api:carer-list"), data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Carer.objects.exists()


def test_log_a_contact_through_the_api(csc_api, personas):
    carer = CarerFactory()
    reason = ContactReasonFactory()
    data = {
        "carer": carer.pk,
        "channel": "email",
        "reason": reason.pk,
        "outcome": "referred",
        "referrals": ["peer_support"],
    }
    response = csc_api.post(reverse("api:contact-list"), data)
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get()
    assert contact.officer == personas[Role.CSC_OFFICER]
    assert response.json()["referrals_made"][0]["kind"] == "peer_support"


def test_a_contact_in_the_future_is_refused_by_the_api(csc_api):
    carer = CarerFactory()
    reason = ContactReasonFactory()
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    data = {"carer": carer.pk, "reason": reason.pk, "outcome": "resolved", "contacted_at": future}
    response = csc_api.post(reverse("api:contact-list"), data)
    assert response.status_code == 400 and "contacted_at" in response.json()["errors"]
    assert not Contact.objects.exists()


def test_assessment_review_before_assessment_is_refused_by_the_api(csc_api):
    carer = CarerFactory()
    data = {"carer": carer.pk, "assessment_type": "joint", "assessed_on": "2026-01-10", "next_review_on": "2026-01-01"}
    response = csc_api.post(reverse("api:assessment-list"), data)
    assert response.status_code == 400 and "next_review_on" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_duplicate_card_number_is_refused_by_the_api(csc_api):
    ContingencyPlanFactory(card_number="EC1")
    data = {"carer": CarerFactory().pk, "emergency_contacts": "Son", "card_number": "EC1", "issued_on": "2026-01-01"}
    response = csc_api.post(reverse("api:contingencyplan-list"), data)
    assert response.status_code == 400 and "card_number" in response.json()["errors"]


def test_cared_for_person_created_through_the_api(csc_api):
    carer = CarerFactory()
    data = {"first_name": "Bob", "last_name": "Hill", "carer": carer.pk, "relationship": "parent"}
    response = csc_api.post(reverse("api:caredforperson-list"), data)
    assert response.status_code == 201, response.json()
    assert response.json()["caring_relationships"][0]["carer"] == carer.pk


def test_carer_list_as_csv(csc_api):
    CarerFactory(first_name="=cmd", last_name="Evil")
    response = csc_api.get(reverse("api:carer-list"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "'=cmd" in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    "name,make",
    [
        ("api:carer-list", lambda: CarerFactory()),
        ("api:contact-list", lambda: ReferralFactory()),
        ("api:referral-list", lambda: ReferralFactory()),
        ("api:assessment-list", lambda: AssessmentFactory()),
        ("api:contingencyplan-list", lambda: ContingencyPlanFactory()),
        ("api:caredforperson-list", lambda: CaringRelationshipFactory()),
    ],
)
def test_api_lists_use_a_constant_number_of_queries(csc_api, django_assert_max_num_queries, name, make):
    make()
    csc_api.get(reverse(name))
    with django_assert_max_num_queries(20) as few:
        assert csc_api.get(reverse(name)).status_code == 200
    for _ in range(15):
        make()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(csc_api.get(reverse(name)).json()["results"]) == 16


def test_contacts_api_shows_only_the_users_organisation(api_for):
    from tests.accounts.factories import OrganisationFactory

    ContactFactory(carer=CarerFactory(organisation=OrganisationFactory(name="Devon County Council")))
    mine = ContactFactory()
    results = api_for(Role.CSC_OFFICER).get(reverse("api:contact-list")).json()["results"]
    assert [r["id"] for r in results] == [mine.pk]


def test_deleting_a_carer_is_refused_saying_carers_are_never_deleted(csc_api):
    carer = CarerFactory()
    response = csc_api.delete(reverse("api:carer-detail", args=[carer.pk]))
    assert response.status_code == 405
    assert "never deleted" in response.json()["message"]
    assert "may not see" not in response.json()["message"]
    assert Carer.objects.filter(pk=carer.pk).exists()


@pytest.mark.parametrize("name", ["api:contact-detail", "api:referral-detail", "api:assessment-detail"])
def test_deleting_a_carers_record_answers_405_not_a_permission_refusal(csc_api, name):
    referral = ReferralFactory()
    obj = {"api:contact-detail": referral.contact, "api:referral-detail": referral}.get(name) or AssessmentFactory()
    response = csc_api.delete(reverse(name, args=[obj.pk]))
    assert response.status_code == 405
    assert "never deleted" in response.json()["message"]
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_role_that_may_see_but_not_change_a_carer_is_told_so(api_for, client_for):
    carer = CarerFactory()
    ContactFactory(carer=carer)
    ReferralFactory(contact=ContactFactory(carer=carer), kind=c.ReferralKind.BROKERAGE)
    response = api_for(Role.BROKERAGE_OFFICER).patch(
        reverse("api:carer-detail", args=[carer.pk]), {"first_name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["message"] == "Your role may not change carers' records."
