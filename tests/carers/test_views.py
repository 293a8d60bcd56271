import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers.models import AccessLog, Assessment, Carer, Contact, ContingencyPlan, Referral, SubjectAccessRequest
from tests.carers.factories import (
    AssessmentFactory,
    CarerFactory,
    CaringRelationshipFactory,
    ContactFactory,
    ContactReasonFactory,
    ContingencyPlanFactory,
    ErasureRequestFactory,
    ReferralFactory,
)


@pytest.fixture
def csc(client_for):
    return client_for(Role.CSC_OFFICER)


@pytest.fixture
def reason(db):
    return ContactReasonFactory()


def carer_data(**overrides):
    data = {
        "first_name": "Margaret",
        "last_name": "Thornton",
        "date_of_birth": "1955-04-02",
        "phone": "01865 765432",
        "email": "",
        "address": "1 High Street",
        "postcode": "ox4 1ab",
        "gp_practice": "Cowley Road Surgery",
        "employment": "retired",
        "hours_band": c.HoursBand.FIFTY_PLUS,
        "identification_source": c.IdentificationSource.GP_PRACTICE,
        "identified_on": timezone.localdate().isoformat(),
        "consent_to_share": "on",
        "sex": c.PREFER_NOT_TO_SAY,
    }
    data.update(overrides)
    return data


# --- Search ----------------------------------------------------------------------------------
def test_header_search_box_shows_for_csc_officers_only(client_for, personas):
    assert 'data-testid="header-search"' in client_for(Role.CSC_OFFICER).get(reverse("home")).text
    assert 'data-testid="header-search"' not in client_for(Role.FINANCE_OFFICER).get(reverse("home")).text


def test_search_as_you_type_returns_the_results_fragment(csc):
    carer = CarerFactory(first_name="John", last_name="Smith")
    response = csc.get(reverse("carers:carer_search"), {"q": "john smith"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert carer.get_absolute_url() in response.text


def test_search_page_offers_registration_when_nothing_matches(csc):
    response = csc.get(reverse("carers:carer_search"), {"q": "Nobody Known"})
    assert "No carer matches" in response.text
    assert reverse("carers:carer_create") in response.text


# --- Register --------------------------------------------------------------------------------
def test_register_a_carer_finds_the_area_from_the_postcode(csc, personas):
    from tests.accounts.factories import AreaFactory

    # The council's own area (another council's covering the postcode would not be chosen: §8).
    area = AreaFactory(
        name="Oxford City", postcode_districts="OX1 OX4", council=personas[Role.CSC_OFFICER].organisation
    )
    response = csc.post(reverse("carers:carer_create"), carer_data())
    carer = Carer.objects.get(last_name="Thornton")
    assert response.status_code == 302 and response["Location"] == carer.get_absolute_url()
    assert carer.postcode == "OX4 1AB"
    assert carer.area == area
    assert carer.organisation == personas[Role.CSC_OFFICER].organisation
    assert carer.search_name == "margaret thornton" and carer.search_phone == "01865765432"


def test_register_warns_of_a_possible_duplicate_until_confirmed(csc):
    CarerFactory(first_name="Margaret", last_name="Thornton", date_of_birth=datetime.date(1955, 4, 2))
    response = csc.post(reverse("carers:carer_create"), carer_data(first_name="Margret", phone=""))
    assert response.status_code == 200
    assert 'data-testid="possible-duplicates"' in response.text
    assert Carer.objects.count() == 1
    response = csc.post(reverse("carers:carer_create"), carer_data(first_name="Margret", confirm_not_duplicate="on"))
    assert response.status_code == 302
    assert Carer.objects.count() == 2


def _in_future(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    "field,value,message",
    [
        # Tomorrow as of when the test runs, not when it was collected (a run may cross midnight).
        ("date_of_birth", lambda: _in_future(1), "Date of birth must be in the past."),
        ("date_of_birth", "1890-01-01", "within the last 120 years"),
        ("hours_band", "", "This field is required."),
        ("postcode", "XYZ 123", "Enter a real UK postcode"),
        ("phone", "not a phone", "Enter a phone number using digits only"),
        ("phone", "12345", "Enter a UK phone number"),
    ],
)
def test_register_refuses_bad_input_with_a_field_error(csc, field, value, message):
    value = value() if callable(value) else value
    response = csc.post(reverse("carers:carer_create"), carer_data(**{field: value}))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors.get(field))
    assert not Carer.objects.exists()


def test_change_details_is_recorded_in_the_history(csc):
    carer = CarerFactory(first_name="Ann", last_name="Lee")
    data = carer_data(first_name="Ann", last_name="Leigh")
    response = csc.post(reverse("carers:carer_update", args=[carer.pk]), data)
    assert response.status_code == 302
    page = csc.get(carer.get_absolute_url()).text
    assert "Last name: Lee → Leigh" in page


# --- The record page -------------------------------------------------------------------------
def test_carer_page_shows_timeline_open_referrals_and_cared_for(csc):
    carer = CarerFactory()
    CaringRelationshipFactory(carer=carer)
    ReferralFactory(contact=ContactFactory(carer=carer), kind=c.ReferralKind.BENEFITS_CHECK)
    AssessmentFactory(carer=carer)
    response = csc.get(carer.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="timeline"' in response.text
    assert 'data-kind="contact"' in response.text and 'data-kind="assessment"' in response.text
    assert "Benefits check" in response.text
    assert 'data-testid="cared-for"' in response.text


def test_viewing_a_carer_writes_the_access_log(csc, personas):
    carer = CarerFactory()
    csc.get(carer.get_absolute_url())
    log = AccessLog.objects.get(carer=carer)
    assert log.user == personas[Role.CSC_OFFICER] and log.action == c.AccessAction.VIEWED


def test_access_log_page_lists_views_and_refusals(csc, client_for):
    carer = CarerFactory()
    assert client_for(Role.FINANCE_OFFICER).get(carer.get_absolute_url()).status_code == 403
    csc.get(carer.get_absolute_url())
    page = csc.get(reverse("carers:carer_access_log", args=[carer.pk])).text
    assert "Refused" in page and "Viewed" in page


def test_carer_page_uses_a_constant_number_of_queries(csc, django_assert_max_num_queries):
    carer = CarerFactory()
    for _ in range(3):
        ReferralFactory(contact=ContactFactory(carer=carer))
    csc.get(carer.get_absolute_url())  # warm the session and permission caches
    with django_assert_max_num_queries(40) as few:
        csc.get(carer.get_absolute_url())
    for _ in range(40):
        ReferralFactory(contact=ContactFactory(carer=carer))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = csc.get(carer.get_absolute_url())
    assert response.text.count('data-kind="contact"') == 43


def test_a_carer_of_another_council_answers_as_a_missing_one_and_is_logged(csc):
    from tests.accounts.factories import OrganisationFactory

    carer = CarerFactory(organisation=OrganisationFactory(name="Devon County Council"))
    outside = csc.get(carer.get_absolute_url())
    assert outside.status_code == 404
    assert outside.templates[0].name == csc.get(reverse("carers:carer_detail", args=[999999])).templates[0].name
    assert AccessLog.objects.filter(carer=carer, action=c.AccessAction.REFUSED).exists()


def test_unknown_carer_is_404(csc):
    assert csc.get(reverse("carers:carer_detail", args=[999999])).status_code == 404


# --- Contacts --------------------------------------------------------------------------------
def contact_data(reason, **overrides):
    data = {
        "channel": c.Channel.PHONE,
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reason": reason.pk,
        "advice_given": "Explained the carers assessment.",
        "outcome": c.ContactOutcome.REFERRED,
        "referrals": [c.ReferralKind.CARERS_ASSESSMENT, c.ReferralKind.EMERGENCY_CARD],
    }
    data.update(overrides)
    return data


def test_log_a_contact_with_referrals_from_the_carer_page(csc, reason):
    carer = CarerFactory()
    response = csc.post(reverse("carers:carer_contact_create", args=[carer.pk]), contact_data(reason))
    assert response.status_code == 302
    contact = Contact.objects.get(carer=carer)
    assert sorted(contact.referrals.values_list("kind", flat=True)) == ["carers_assessment", "emergency_card"]
    carer.refresh_from_db()
    assert carer.last_contact_at == contact.contacted_at


def test_contact_form_defaults_to_now(csc):
    carer = CarerFactory()
    form = csc.get(reverse("carers:carer_contact_create", args=[carer.pk])).context["form"]
    assert abs(form.fields["contacted_at"].initial - timezone.localtime()) < datetime.timedelta(minutes=2)


def test_a_contact_dated_in_the_future_is_refused(csc, reason):
    carer = CarerFactory()
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = csc.post(
        reverse("carers:carer_contact_create", args=[carer.pk]), contact_data(reason, contacted_at=future)
    )
    assert response.status_code == 200
    assert "cannot be in the future" in str(response.context["form"].errors["contacted_at"])
    assert not Contact.objects.exists() and not Referral.objects.exists()


def test_a_later_contact_closes_an_open_referral(csc, reason):
    referral = ReferralFactory(kind=c.ReferralKind.BENEFITS_CHECK)
    carer = referral.carer
    data = contact_data(reason, referrals=[], close_referrals=[referral.pk])
    assert csc.post(reverse("carers:carer_contact_create", args=[carer.pk]), data).status_code == 302
    referral.refresh_from_db()
    assert referral.status == c.ReferralStatus.CLOSED
    assert referral.closed_by_contact == Contact.objects.latest("id")


def test_unidentified_caller_contact_then_linked_to_a_carer(csc, reason):
    data = contact_data(reason, caller_name="Mrs Patel", caller_phone="07700 900123")
    assert csc.post(reverse("carers:contact_create"), data).status_code == 302
    contact = Contact.objects.get()
    assert contact.carer is None and contact.referrals.count() == 2
    assert "Mrs Patel" in csc.get(reverse("carers:contact_unidentified")).text
    carer = CarerFactory(first_name="Asha", last_name="Patel", phone="07700 900123")
    page = csc.get(reverse("carers:contact_link", args=[contact.pk]))
    assert str(carer.pk) in page.text
    response = csc.post(reverse("carers:contact_link", args=[contact.pk]), {"carer": carer.pk})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.carer == carer
    assert set(contact.referrals.values_list("carer", flat=True)) == {carer.pk}


def test_unidentified_contact_needs_a_name_or_phone(csc, reason):
    response = csc.post(reverse("carers:contact_create"), contact_data(reason))
    assert "Give the caller" in str(response.context["form"].errors["caller_name"])
    assert not Contact.objects.exists()


def test_close_a_referral_by_hand(csc):
    referral = ReferralFactory()
    assert csc.get(reverse("carers:referral_close", args=[referral.pk])).status_code == 200
    assert csc.post(reverse("carers:referral_close", args=[referral.pk])).status_code == 302
    referral.refresh_from_db()
    assert referral.status == c.ReferralStatus.CLOSED


# --- Cared-for, assessments, plans -------------------------------------------------------------
def test_add_a_cared_for_person_with_conditions(csc):
    from carers.models import ConditionCategory

    carer = CarerFactory()
    dementia = ConditionCategory.objects.get(name="Dementia")
    data = {
        "first_name": "Alf",
        "last_name": "Thornton",
        "relationship": c.Relationship.SPOUSE_PARTNER,
        "conditions": [dementia.pk],
    }
    assert csc.post(reverse("carers:carer_caredfor_create", args=[carer.pk]), data).status_code == 302
    person = carer.cared_for_people.get()
    assert list(person.conditions.all()) == [dementia]
    assert csc.get(reverse("carers:caredforperson_detail", args=[person.pk])).status_code == 200


def assessment_data(**overrides):
    today = timezone.localdate()
    data = {
        "assessment_type": c.AssessmentType.SEPARATE,
        "assessed_on": today.isoformat(),
        "outcome": c.AssessmentOutcome.ELIGIBLE,
        "eligible_needs": "Cannot sustain caring without a break.",
        "support_plan": "Weekly sitting service.",
        "support_provided": "Four hours a week sitting.",
        "next_review_on": (today + datetime.timedelta(days=365)).isoformat(),
    }
    data.update(overrides)
    return data


def test_an_assessment_closes_the_open_assessment_referral(csc, personas):
    referral = ReferralFactory(kind=c.ReferralKind.CARERS_ASSESSMENT)
    response = csc.post(reverse("carers:carer_assessment_create", args=[referral.carer.pk]), assessment_data())
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.assessor == personas[Role.CSC_OFFICER]
    referral.refresh_from_db()
    assert referral.status == c.ReferralStatus.CLOSED and referral.closed_by_assessment == assessment
    assert csc.get(assessment.get_absolute_url()).status_code == 200


def test_a_review_date_before_the_assessment_date_is_refused(csc):
    carer = CarerFactory()
    data = assessment_data(next_review_on=(timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    response = csc.post(reverse("carers:carer_assessment_create", args=[carer.pk]), data)
    assert "cannot be before the assessment date" in str(response.context["form"].errors["next_review_on"])
    assert not Assessment.objects.exists()


def test_a_duplicate_card_number_is_refused(csc):
    ContingencyPlanFactory(card_number="EC000123")
    carer = CarerFactory()
    data = {
        "emergency_contacts": "Son, 07700 900456",
        "card_number": "ec000123",
        "issued_on": timezone.localdate().isoformat(),
    }
    response = csc.post(reverse("carers:carer_plan_create", args=[carer.pk]), data)
    assert "already in use" in str(response.context["form"].errors["card_number"])
    assert ContingencyPlan.objects.count() == 1


def test_edit_an_assessment(csc):
    assessment = AssessmentFactory()
    data = assessment_data(assessed_on=assessment.assessed_on.isoformat(), support_plan="Changed plan")
    assert csc.post(reverse("carers:assessment_update", args=[assessment.pk]), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.support_plan == "Changed plan"


def test_assessment_and_plan_pages_show_the_record_its_history_and_an_edit_link(csc, client_for):
    assessment = AssessmentFactory(support_plan="Sitting service on Tuesdays")
    plan = ContingencyPlanFactory(carer=assessment.carer, card_number="EC000777")
    for record, text, edit in (
        (assessment, "Sitting service on Tuesdays", reverse("carers:assessment_update", args=[assessment.pk])),
        (plan, "EC000777", reverse("carers:contingencyplan_update", args=[plan.pk])),
    ):
        page = csc.get(record.get_absolute_url())
        assert page.status_code == 200
        assert text in page.text and edit in page.text
        assert page.context["carer"] == assessment.carer and page.context["history"]
    # Roles without access to personal data are refused the record.
    assert client_for(Role.FINANCE_OFFICER).get(plan.get_absolute_url()).status_code == 403


# --- Merge -----------------------------------------------------------------------------------
def test_merge_moves_everything_and_keeps_both_histories(csc):
    keep = CarerFactory(first_name="John", last_name="Smith")
    duplicate = CarerFactory(first_name="Jon", last_name="Smith", phone="07700 900999")
    ContactFactory(carer=duplicate)
    AssessmentFactory(carer=duplicate)
    ContingencyPlanFactory(carer=duplicate)
    data = {"duplicate": duplicate.pk, "reason": "Same person, registered twice."}
    response = csc.post(reverse("carers:carer_merge", args=[keep.pk]), data)
    assert response.status_code == 302
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.contacts.count() == 1 and keep.assessments.count() == 1 and keep.contingency_plans.count() == 1
    assert keep.phone == "07700 900999"
    assert duplicate.status == c.CarerStatus.MERGED and duplicate.merged_into == keep
    assert "Merged from carer" in keep.history.latest().history_change_reason
    assert duplicate.history.count() >= 2


# --- Managers' list and export -------------------------------------------------------------------
def test_list_filters_by_hours_band_and_assessed(csc):
    assessed = CarerFactory(last_name="Assessed", hours_band=c.HoursBand.FIFTY_PLUS)
    AssessmentFactory(carer=assessed)
    CarerFactory(last_name="Unassessed", hours_band=c.HoursBand.FIFTY_PLUS)
    CarerFactory(last_name="Fewhours", hours_band=c.HoursBand.UP_TO_19)
    page = csc.get(reverse("carers:carer_list"), {"hours_band": "50_plus", "assessed": "true"}).text
    assert "Assessed" in page and "Unassessed" not in page and "Fewhours" not in page
    page = csc.get(reverse("carers:carer_list"), {"assessed": "false"}).text
    assert "Unassessed" in page and "Fewhours" in page


def test_list_filters_by_age_group(csc):
    today = timezone.localdate()
    CarerFactory(last_name="Zyoung", date_of_birth=today.replace(year=today.year - 15))
    CarerFactory(last_name="Zolder", date_of_birth=today.replace(year=today.year - 70))
    page = csc.get(reverse("carers:carer_list"), {"age_group": c.AgeGroup.YOUNG_CARER}).text
    assert "Zyoung" in page and "Zolder" not in page


def test_list_uses_a_constant_number_of_queries(csc, django_assert_max_num_queries):
    CarerFactory.create_batch(3)
    csc.get(reverse("carers:carer_list"))
    with django_assert_max_num_queries(30) as few:
        csc.get(reverse("carers:carer_list"))
    CarerFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert csc.get(reverse("carers:carer_list")).status_code == 200


def test_list_does_not_count_the_table(csc, django_assert_max_num_queries):
    CarerFactory.create_batch(3)
    with django_assert_max_num_queries(30) as captured:
        csc.get(reverse("carers:carer_list"))
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper() and "carers_carer" in q["sql"]]


def test_csv_export_streams_neutralised_rows_and_logs_each_record(csc):
    carer = CarerFactory(first_name="=HYPERLINK(1)", last_name="Evil")
    plain = CarerFactory(last_name="Plain")
    response = csc.get(reverse("carers:carer_export"))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body and "Plain" in body
    # One row for the export, listing both carers; each carer's log finds it.
    export = AccessLog.objects.get(action=c.AccessAction.EXPORTED)
    assert export.carer_id is None and sorted(export.carer_ids) == sorted([carer.pk, plain.pk])
    assert AccessLog.objects.about(carer.pk).filter(action=c.AccessAction.EXPORTED).get() == export


# --- Subject access and erasure -----------------------------------------------------------------
def test_register_a_subject_access_request_due_in_one_calendar_month(csc):
    carer = CarerFactory()
    url = reverse("carers:carer_subject_access", args=[carer.pk])
    assert csc.post(url, {"received_on": "2026-01-31"}).status_code == 302
    assert SubjectAccessRequest.objects.get().due_on == datetime.date(2026, 2, 28)


def test_subject_access_report_as_page_and_json(csc):
    carer = CarerFactory(first_name="Ada", last_name="Lovelace")
    ContactFactory(carer=carer, advice_given="Told about peer support")
    page = csc.get(reverse("carers:carer_subject_access_report", args=[carer.pk]))
    assert "Told about peer support" in page.text
    data = csc.get(reverse("carers:carer_subject_access_report", args=[carer.pk]), {"format": "json"}).json()
    assert data["carer"]["first_name"] == "Ada"
    assert data["contacts"][0]["advice_given"] == "Told about peer support"
    assert data["history"]["carer"][0]["action"] == "created"
    assert AccessLog.objects.filter(carer=carer, action=c.AccessAction.EXPORTED).count() == 2


def test_restricting_hides_the_carer_from_search_and_lists(client_for):
    admin = client_for(Role.ADMINISTRATOR)
    request = ErasureRequestFactory(carer=CarerFactory(first_name="Hidden", last_name="Person"))
    data = {"decision": "restrict", "reason": "Safeguarding records kept 6 years", "retain_until": "2032-01-01"}
    assert admin.post(reverse("carers:erasurerequest_decide", args=[request.pk]), data).status_code == 302
    assert request.carer.__class__.objects.get(pk=request.carer.pk).status == c.CarerStatus.RESTRICTED
    assert "Hidden" not in admin.get(reverse("carers:carer_search"), {"q": "hidden person"}).text
    assert "Hidden" not in admin.get(reverse("carers:carer_list")).text


def test_restrict_needs_a_retention_date(client_for):
    request = ErasureRequestFactory()
    data = {"decision": "restrict", "reason": "Kept for now"}
    response = client_for(Role.ADMINISTRATOR).post(reverse("carers:erasurerequest_decide", args=[request.pk]), data)
    assert response.status_code == 200
    assert "Say until when" in response.text


def test_csc_officer_cannot_decide_erasure(csc):
    request = ErasureRequestFactory()
    assert (
        csc.post(reverse("carers:erasurerequest_decide", args=[request.pk]), {"decision": "erase"}).status_code == 403
    )


def test_the_export_offers_xlsx_with_dates_as_dates_and_formulas_neutralised(csc):
    import io

    from openpyxl import load_workbook

    carer = CarerFactory(first_name="=HYPERLINK(1)", last_name="Evil", hours_band=c.HoursBand.FIFTY_PLUS)
    CarerFactory(last_name="Fewhours", hours_band=c.HoursBand.UP_TO_19)
    page = csc.get(reverse("carers:carer_list"), {"hours_band": "50_plus"}).text
    assert 'data-testid="export-xlsx"' in page and "hours_band=50_plus&amp;format=xlsx" in page
    response = csc.get(reverse("carers:carer_export"), {"hours_band": "50_plus", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="carers.xlsx"'
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Carers"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[0][:3] == ("Id", "First name", "Last name")
    assert rows[1][0] == carer.pk and rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][3] == datetime.datetime.combine(carer.date_of_birth, datetime.time())
    assert AccessLog.objects.about(carer.pk).filter(action=c.AccessAction.EXPORTED).count() == 1
    assert AccessLog.objects.get(action=c.AccessAction.EXPORTED).carer_ids == [carer.pk]


def test_an_unknown_export_format_is_not_found(csc):
    assert csc.get(reverse("carers:carer_export"), {"format": "pdf"}).status_code == 404
    assert not AccessLog.objects.exists()
