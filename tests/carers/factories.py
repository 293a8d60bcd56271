import datetime

import factory
from django.utils import timezone

from carers import choices as c
from carers.models import (
    Assessment,
    CaredForPerson,
    Carer,
    CaringRelationship,
    ConditionCategory,
    Contact,
    ContactReason,
    ContingencyPlan,
    ErasureRequest,
    Referral,
    SubjectAccessRequest,
)
from tests.accounts.factories import OrganisationFactory

HOME_COUNCIL = "Oxfordshire County Council"  # the personas' organisation (tests/conftest.py)


class CarerFactory(factory.django.DjangoModelFactory):
    """A carer held by the personas' council, with its search columns filled as services do."""

    class Meta:
        model = Carer

    first_name = factory.Sequence(lambda n: ["Mary", "John", "Aisha", "Peter", "Sian"][n % 5])
    last_name = factory.Sequence(lambda n: f"Carer{n}")
    date_of_birth = datetime.date(1960, 5, 17)
    phone = ""
    postcode = "OX4 1AB"
    hours_band = c.HoursBand.FROM_20_TO_49
    identification_source = c.IdentificationSource.CSC_CALL
    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.refresh_search_columns()
        obj.save()
        return obj


class ConditionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionCategory
        django_get_or_create = ("name",)

    name = "Dementia"


class ContactReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactReason
        django_get_or_create = ("name",)

    name = "Information and advice"


class CaredForPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaredForPerson

    first_name = "Albert"
    last_name = factory.Sequence(lambda n: f"Person{n}")


class CaringRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaringRelationship

    carer = factory.SubFactory(CarerFactory)
    cared_for = factory.SubFactory(CaredForPersonFactory)
    relationship = c.Relationship.SPOUSE_PARTNER


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    carer = factory.SubFactory(CarerFactory)
    organisation = factory.LazyAttribute(
        lambda o: o.carer.organisation if o.carer else OrganisationFactory(name=HOME_COUNCIL)
    )
    channel = c.Channel.PHONE
    contacted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    reason = factory.SubFactory(ContactReasonFactory)
    advice_given = "Told them about the carers support service."
    outcome = c.ContactOutcome.INFORMATION


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    contact = factory.SubFactory(ContactFactory)
    carer = factory.LazyAttribute(lambda o: o.contact.carer)
    organisation = factory.LazyAttribute(lambda o: o.contact.organisation)
    kind = c.ReferralKind.CARERS_ASSESSMENT


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    carer = factory.SubFactory(CarerFactory)
    assessment_type = c.AssessmentType.SEPARATE
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    # A declined assessment must have the declined outcome (constraint assessment_declined_outcome).
    outcome = factory.LazyAttribute(
        lambda a: (
            c.AssessmentOutcome.DECLINED
            if a.assessment_type == c.AssessmentType.DECLINED
            else c.AssessmentOutcome.ELIGIBLE
        )
    )
    next_review_on = factory.LazyAttribute(lambda o: o.assessed_on + datetime.timedelta(days=365))


class ContingencyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContingencyPlan

    carer = factory.SubFactory(CarerFactory)
    emergency_contacts = "Sister, Jane Doe, 07700 900123"
    card_number = factory.Sequence(lambda n: f"EC{n:06d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    review_on = factory.LazyAttribute(lambda o: o.issued_on + datetime.timedelta(days=365))


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectAccessRequest

    carer = factory.SubFactory(CarerFactory)
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    due_on = factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=30))


class ErasureRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    carer = factory.SubFactory(CarerFactory)
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
