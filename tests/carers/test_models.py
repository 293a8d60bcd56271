import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from carers import choices as c
from carers.models import AccessLog, Carer
from carers.validators import normalise_postcode, phone_digits, validate_uk_phone, validate_uk_postcode
from tests.accounts.factories import UserFactory
from tests.carers.factories import AssessmentFactory, CarerFactory, ContingencyPlanFactory, ReferralFactory


@pytest.mark.parametrize(
    "years,group",
    [
        (10, c.AgeGroup.YOUNG_CARER),
        (17, c.AgeGroup.YOUNG_CARER),
        (18, c.AgeGroup.YOUNG_ADULT_CARER),
        (25, c.AgeGroup.YOUNG_ADULT_CARER),
        (26, c.AgeGroup.ADULT),
        (64, c.AgeGroup.ADULT),
        (65, c.AgeGroup.OLDER_CARER),
    ],
)
def test_age_group_is_derived_from_date_of_birth(years, group):
    today = datetime.date.today()
    born = today.replace(year=today.year - years) - datetime.timedelta(days=1)
    assert Carer(date_of_birth=born).age_group == group


def test_age_group_filter_matches_the_derived_group(db):
    today = datetime.date.today()
    for years in (12, 20, 40, 70):
        CarerFactory(date_of_birth=today.replace(year=today.year - years) - datetime.timedelta(days=3))
    CarerFactory(date_of_birth=None)  # "age not known" is a group of its own
    for group in c.AgeGroup:
        found = list(Carer.objects.in_age_group(group, today))
        assert len(found) == 1 and found[0].age_group == group


@pytest.mark.parametrize(
    "value", ["OX4 1AB", "ox41ab", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA"]
)
def test_real_postcodes_pass(value):
    validate_uk_postcode(value)


@pytest.mark.parametrize("value", ["XYZ 123", "12345", "OX4", "QX4 1AB", "OX4 1CI"])
def test_invalid_postcodes_fail(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_uk_postcode(value)


def test_postcode_and_phone_normalise():
    assert normalise_postcode(" ox4  1ab ") == "OX4 1AB"
    assert phone_digits("+44 (0)1865 123456") == "01865123456"
    assert phone_digits("+44 7700 900123") == "07700900123"


@pytest.mark.parametrize("value", ["abc", "123", "00441865123456789", "07700 9001"])
def test_phone_numbers_that_are_not_one_fail(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_uk_phone(value)


def test_database_refuses_a_review_before_the_assessment(db):
    assessment = AssessmentFactory()
    assessment.next_review_on = assessment.assessed_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.save()


def test_database_refuses_a_duplicate_card_number(db):
    ContingencyPlanFactory(card_number="EC9")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContingencyPlanFactory(card_number="EC9")


def test_database_refuses_a_missing_hours_band(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        CarerFactory(hours_band="")


def test_database_refuses_a_closed_referral_without_a_closing_time(db):
    referral = ReferralFactory()
    referral.status = c.ReferralStatus.CLOSED
    with pytest.raises(IntegrityError), transaction.atomic():
        referral.save()


def test_working_carer_follows_employment():
    assert Carer(employment=c.Employment.PART_TIME).is_working_carer
    assert not Carer(employment=c.Employment.RETIRED).is_working_carer


def test_the_access_log_keeps_its_on_delete_rules_without_database_constraints(db):
    """The log's foreign keys have no constraint in the database (an export's one INSERT ... SELECT
    would check every row); the ORM still refuses to delete a user who has read records and
    removes a deleted carer's log with it."""
    user, carer = UserFactory(), CarerFactory()
    AccessLog.objects.create(carer=carer, user=user, action=c.AccessAction.EXPORTED)
    with pytest.raises(ProtectedError):
        user.delete()
    carer.delete()
    assert not AccessLog.objects.exists()
