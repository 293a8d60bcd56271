"""Factories for consultations: events, messages, documents, actions, forums, plans, workstreams."""

from datetime import date

import factory
from django.core.files.base import ContentFile

from consultations.choices import Audience, DocumentKind, Method
from consultations.models import (
    ConsultationAction,
    ConsultationDocument,
    ConsultationEvent,
    Deliverable,
    Forum,
    ForumMeeting,
    KeyMessage,
    Milestone,
    Strategy,
    StrategyAim,
    Theme,
    Workstream,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.carers.factories import HOME_COUNCIL

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationEvent

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    title = factory.Sequence(lambda n: f"Carers consultation {n}")
    about = "Consultation on carers services and changes"
    run_by_name = "Penny Thewlis"
    run_by_organisation = "Carers Forum"
    method = Method.MEETING
    starts_on = date(2010, 6, 1)
    audience = Audience.CARERS
    participants = 40


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyMessage
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    text = "Better information and more specific to needs"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationAction

    message = factory.SubFactory(MessageFactory)
    description = "Publish a carers information pack"
    owner = factory.SubFactory(UserFactory)
    due_on = date(2030, 1, 31)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationDocument

    event = factory.SubFactory(EventFactory)
    title = "Minutes and responses"
    kind = DocumentKind.MINUTES
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="minutes.pdf"))
    original_name = "minutes.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    name = factory.Sequence(lambda n: f"Carers Forum {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(ForumFactory)
    held_on = date(2021, 3, 1)
    attendees = 12


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    title = factory.Sequence(lambda n: f"Carers Strategy {n}")
    starts_on = date(2021, 4, 1)
    ends_on = date(2026, 3, 31)


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyAim

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Carers are identified early"


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    aim = factory.SubFactory(AimFactory)
    description = "Carers awareness training for GP practices"
    owner_name = "South Tees CCG"


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    number = factory.Sequence(lambda n: n + 1)
    title = "Emergency Alert Card & Contingency Planning"
    starts_on = date(2007, 7, 1)
    completes_on = date(2009, 3, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = "Recruitment of project supervisor"
    due_on = date(2030, 6, 30)
