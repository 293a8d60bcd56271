import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers import selectors, services
from carers.models import Carer, Contact, Referral
from common.errors import DomainError
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import (
    AssessmentFactory,
    CaredForPersonFactory,
    CarerFactory,
    CaringRelationshipFactory,
    ContactFactory,
    ContactReasonFactory,
    ContingencyPlanFactory,
    ErasureRequestFactory,
    ReferralFactory,
    SubjectAccessRequestFactory,
)


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


@pytest.fixture
def admin(personas):
    return personas[Role.ADMINISTRATOR]


def test_contact_log_for_a_restricted_record_is_refused(csc):
    carer = CarerFactory(status=c.CarerStatus.RESTRICTED)
    with pytest.raises(DomainError):
        services.contact_log(user=csc, carer=carer, reason=ContactReasonFactory(), outcome="resolved")
    assert not Contact.objects.exists()


def test_contact_log_refuses_an_unknown_referral_and_saves_nothing(csc):
    carer = CarerFactory()
    with pytest.raises(ValidationError):
        services.contact_log(
            user=csc, carer=carer, reason=ContactReasonFactory(), outcome="referred", referrals=["peer_support", "moon"]
        )
    assert not Contact.objects.exists() and not Referral.objects.exists()


def test_a_contact_cannot_close_another_carers_referral(csc):
    referral = ReferralFactory()
    with pytest.raises(DomainError):
        services.contact_log(
            user=csc,
            carer=CarerFactory(),
            reason=ContactReasonFactory(),
            outcome="resolved",
            close_referrals=[referral],
        )


def test_last_contact_only_moves_forward(csc):
    carer = CarerFactory()
    reason = ContactReasonFactory()
    now = timezone.now()
    services.contact_log(user=csc, carer=carer, reason=reason, outcome="resolved", contacted_at=now)
    services.contact_log(
        user=csc, carer=carer, reason=reason, outcome="resolved", contacted_at=now - datetime.timedelta(days=3)
    )
    carer.refresh_from_db()
    assert carer.last_contact_at == now


def test_linking_an_already_linked_contact_is_refused(csc):
    contact = ContactFactory()
    with pytest.raises(DomainError):
        services.contact_link(contact=contact, carer=CarerFactory(), user=csc)


def test_one_person_can_have_several_carers(csc):
    person = CaredForPersonFactory()
    first, second = CarerFactory(), CarerFactory()
    services.cared_for_add(carer=first, user=csc, cared_for=person, relationship="child")
    services.cared_for_add(carer=second, user=csc, cared_for=person, relationship="spouse_partner")
    assert set(person.carers.all()) == {first, second}
    with pytest.raises(ValidationError):
        services.cared_for_add(carer=first, user=csc, cared_for=person, relationship="child")


def test_contingency_plan_closes_the_emergency_card_referral(csc):
    referral = ReferralFactory(kind=c.ReferralKind.EMERGENCY_CARD)
    services.contingency_plan_save(
        user=csc,
        carer=referral.carer,
        emergency_contacts="Daughter",
        card_number="ec-55",
        issued_on=timezone.localdate(),
    )
    referral.refresh_from_db()
    assert referral.status == c.ReferralStatus.CLOSED


def test_declined_assessment_gets_the_declined_outcome(csc):
    assessment = services.assessment_save(
        user=csc, carer=CarerFactory(), assessment_type=c.AssessmentType.DECLINED, assessed_on=timezone.localdate()
    )
    assert assessment.outcome == c.AssessmentOutcome.DECLINED


def test_merge_refuses_records_of_different_councils(csc):
    keep = CarerFactory()
    other = CarerFactory(organisation=OrganisationFactory(name="Devon County Council"))
    with pytest.raises(DomainError):
        services.carer_merge(keep=keep, duplicate=other, user=csc, reason="same")


def test_merge_refuses_a_record_with_itself(csc):
    carer = CarerFactory()
    with pytest.raises(DomainError):
        services.carer_merge(keep=carer, duplicate=carer, user=csc, reason="same")


def test_merge_keeps_one_link_to_a_person_both_records_care_for(csc):
    keep, duplicate = CarerFactory(), CarerFactory()
    person = CaredForPersonFactory()
    CaringRelationshipFactory(carer=keep, cared_for=person)
    CaringRelationshipFactory(carer=duplicate, cared_for=person)
    services.carer_merge(keep=keep, duplicate=duplicate, user=csc, reason="same person")
    assert keep.caring_relationships.count() == 1


def test_sar_due_date_is_one_calendar_month_later(csc):
    sar = services.sar_register(carer=CarerFactory(), user=csc, received_on=datetime.date(2026, 3, 31))
    assert sar.due_on == datetime.date(2026, 4, 30)
    services.sar_complete(sar=sar, user=csc)
    with pytest.raises(DomainError):
        services.sar_complete(sar=sar, user=csc)


def test_erasure_needs_the_erase_permission(csc):
    with pytest.raises(PermissionDenied):
        services.erasure_decide(request=ErasureRequestFactory(), user=csc, decision="erase", reason="asked")


def test_erasure_anonymises_carer_contacts_history_and_search_but_keeps_counts(admin, csc):
    carer = CarerFactory(first_name="Eliza", last_name="Doolittle", phone="07700 900321", postcode="OX4 1AB")
    services.carer_update(carer=carer, user=csc, gp_practice="Covent Garden Surgery")
    contact = ContactFactory(carer=carer, advice_given="Eliza was told about peer support", caller_name="Eliza")
    AssessmentFactory(carer=carer, support_plan="Eliza needs a break")
    ContingencyPlanFactory(carer=carer, emergency_contacts="Henry Higgins 07700 900000")
    SubjectAccessRequestFactory(carer=carer, requested_by="Alfred Doolittle")
    link = CaringRelationshipFactory(carer=carer)
    request = ErasureRequestFactory(carer=carer)
    services.erasure_decide(request=request, user=admin, decision="erase", reason="Asked to be forgotten")

    carer.refresh_from_db()
    assert carer.status == c.CarerStatus.ERASED
    assert "Eliza" not in str(carer) and carer.phone == "" and carer.search_name == "" and carer.search_phone == ""
    assert carer.date_of_birth.year == 1960  # the year stays, for age-group counts
    contact.refresh_from_db()
    assert "Eliza" not in contact.advice_given and contact.caller_name == ""
    for row in carer.history.all():
        assert "Eliza" not in row.first_name and row.phone == "" and row.gp_practice == ""
    for row in Contact.history.filter(id=contact.pk):
        assert "Eliza" not in row.advice_given
    dump = str(selectors.subject_access_data(carer))
    for secret in ("Eliza", "Doolittle", "Higgins", "07700 900321", "Covent Garden"):
        assert secret not in dump
    link.cared_for.refresh_from_db()
    assert link.cared_for.last_name == "person"
    # Counts hold: the carer, their contact, assessment and plan rows remain.
    assert Carer.objects.count() == 1 and carer.contacts.count() == 1 and carer.assessments.count() == 1
    assert selectors.carer_search(user=csc, text="Eliza Doolittle") == []


def test_restrict_hides_but_keeps_the_record(admin, csc):
    carer = CarerFactory(first_name="Kept", last_name="Quiet")
    request = ErasureRequestFactory(carer=carer)
    services.erasure_decide(
        request=request,
        user=admin,
        decision="restrict",
        reason="Retention applies",
        retain_until=datetime.date(2030, 1, 1),
    )
    carer.refresh_from_db()
    assert carer.status == c.CarerStatus.RESTRICTED and carer.first_name == "Kept"
    assert selectors.carer_search(user=csc, text="kept quiet") == []
    with pytest.raises(DomainError):
        services.erasure_decide(request=request, user=admin, decision="erase", reason="again")


def test_register_needs_an_organisation(db):
    from tests.accounts.factories import UserFactory

    user = UserFactory(organisation=None)
    with pytest.raises(DomainError):
        services.carer_register(
            user=user,
            first_name="A",
            last_name="B",
            date_of_birth=datetime.date(1980, 1, 1),
            hours_band="0_19",
            identification_source="other",
        )


@pytest.mark.parametrize("decision", [c.ErasureDecision.RESTRICT, c.ErasureDecision.REFUSE])
def test_a_long_erasure_reason_is_kept_whole_and_shortened_only_in_the_history_row(personas, decision):
    carer = CarerFactory()
    request = ErasureRequestFactory(carer=carer)
    reason = "The carer asked for their record to be restricted while a complaint is investigated. " * 5
    services.erasure_decide(
        request=request,
        user=personas[Role.ADMINISTRATOR],
        decision=decision,
        reason=reason,
        retain_until=datetime.date.today() + datetime.timedelta(days=365),
    )
    request.refresh_from_db()
    assert request.reason == reason
    reasons = [r for r in carer.history.values_list("history_change_reason", flat=True) if r]
    assert all(len(r) <= 100 for r in reasons)
