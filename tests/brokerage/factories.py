"""Factories for brokerage: every record of the personas' council unless told otherwise."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.choices import OrganisationKind
from brokerage import choices as b
from brokerage.models import (
    ApplicationCheck,
    Bid,
    BidQuestionScore,
    CallOff,
    CarePackage,
    EvaluationWindow,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderApplication,
    ProviderReturn,
    RasBand,
    TransferPlan,
)
from commissioning.models import ServiceLine
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import HOME_COUNCIL, CarerFactory


def _today():
    return timezone.localdate()


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Provider {n}")
    kind = OrganisationKind.PROVIDER


class ServiceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLine
        django_get_or_create = ("name",)

    name = "Specialist home and community support"


class RasBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RasBand
        django_get_or_create = ("name",)

    name = "Band C"
    indicative_weekly_amount = Decimal("220.00")


class PersonalBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalBudget

    carer = factory.SubFactory(CarerFactory)
    organisation = factory.LazyAttribute(lambda o: o.carer.organisation)
    ras_band = factory.SubFactory(RasBandFactory)
    indicative_weekly = Decimal("220.00")
    agreed_weekly = Decimal("200.00")
    method = b.BudgetMethod.DIRECT_PAYMENT
    start_on = factory.LazyFunction(lambda: _today() - timedelta(days=30))
    review_on = factory.LazyFunction(lambda: _today() + timedelta(days=300))


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    name = factory.Sequence(lambda n: f"Specialist framework {n}")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        self.categories.set(extracted or [ServiceLineFactory()])


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationWindow

    framework = factory.SubFactory(FrameworkFactory)
    opens_on = factory.LazyFunction(lambda: _today() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: _today() + timedelta(days=20))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A provider's application; `status=admitted` admits it to every framework category."""

    class Meta:
        model = ProviderApplication
        skip_postgeneration_save = True

    window = factory.SubFactory(WindowFactory)
    framework = factory.LazyAttribute(lambda o: o.window.framework)
    provider = factory.SubFactory(ProviderFactory)
    applied_on = factory.LazyFunction(_today)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        self.categories.set(extracted or self.framework.categories.all())


class CheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationCheck

    application = factory.SubFactory(ApplicationFactory)
    kind = b.CheckKind.DUE_DILIGENCE
    item = "Insurance"
    passed = True


class CallOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallOff

    framework = factory.SubFactory(FrameworkFactory)
    organisation = factory.LazyAttribute(lambda o: o.framework.organisation)
    category = factory.LazyAttribute(lambda o: o.framework.categories.first())
    personal_budget = factory.SubFactory(
        PersonalBudgetFactory, carer__organisation=factory.SelfAttribute("...organisation")
    )
    title = "Evening support"
    needs_summary = "Support with meals and getting out in the evenings."
    hours_per_week = Decimal("14.00")
    indicative_weekly_budget = Decimal("200.00")
    cost_weight = 40
    quality_weight = 60
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    calloff = factory.SubFactory(CallOffFactory)
    provider = factory.SubFactory(ProviderFactory)
    weekly_price = Decimal("190.00")
    hours_per_week = Decimal("14.00")
    proposal = "A small named team."
    received_at = factory.LazyFunction(timezone.now)


class CarePackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarePackage

    personal_budget = factory.SubFactory(PersonalBudgetFactory)
    organisation = factory.LazyAttribute(lambda o: o.personal_budget.organisation)
    category = factory.SubFactory(ServiceLineFactory)
    provider = factory.SubFactory(ProviderFactory)
    hours_per_week = Decimal("10.00")
    weekly_cost = Decimal("150.00")
    start_on = factory.LazyFunction(lambda: _today() - timedelta(days=60))
    review_on = factory.LazyFunction(lambda: _today() + timedelta(days=14))


class PackageReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackageReview

    package = factory.SubFactory(CarePackageFactory)
    reviewed_on = factory.LazyFunction(_today)
    outcome = b.ReviewOutcome.NO_CHANGE
    weekly_cost_before = Decimal("150.00")
    weekly_cost_after = Decimal("150.00")


class TransferPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferPlan

    framework = factory.SubFactory(FrameworkFactory)
    organisation = factory.LazyAttribute(lambda o: o.framework.organisation)
    name = factory.Sequence(lambda n: f"Transfer plan {n}")


class PackageTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackageTransfer

    plan = factory.SubFactory(TransferPlanFactory)
    package = factory.SubFactory(CarePackageFactory)
    from_provider = factory.LazyAttribute(lambda o: o.package.provider)
    transfer_on = factory.LazyFunction(lambda: _today() + timedelta(days=7))


class ProviderReturnFactory(factory.django.DjangoModelFactory):
    """Four weeks of a package (10 hours, £150 a week): 40 hours and £600 planned, as delivered."""

    class Meta:
        model = ProviderReturn

    package = factory.SubFactory(CarePackageFactory)
    period_start = factory.LazyAttribute(lambda o: o.package.start_on)
    period_end = factory.LazyAttribute(lambda o: o.package.start_on + timedelta(days=27))
    planned_hours = Decimal("40.00")
    planned_cost = Decimal("600.00")
    delivered_hours = Decimal("40.00")
    actual_cost = Decimal("600.00")


class BidQuestionScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidQuestionScore

    bid = factory.SubFactory(BidFactory)
    number = 1
    question = "How will you keep the same small team?"
    score = 4
