import datetime
from decimal import Decimal

import factory

from budgets.models import Allocation, AllocationGroup, Budget, FundingContribution, FundingStream, Spend, SpendImport
from commissioning.models import ServiceLine
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import HOME_COUNCIL


class BudgetFactory(factory.django.DjangoModelFactory):
    """A draft budget of the personas' council."""

    class Meta:
        model = Budget

    organisation = factory.SubFactory(OrganisationFactory, name=HOME_COUNCIL)
    year = 2010
    name = factory.Sequence(lambda n: f"Carers budget {n}")
    total = Decimal("1000.00")


class AllocationGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationGroup

    budget = factory.SubFactory(BudgetFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    amount = Decimal("100.00")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    budget = factory.SubFactory(BudgetFactory)
    service_line = factory.LazyFunction(lambda: ServiceLine.objects.get_or_create(name="Brokerage")[0])
    description = factory.Sequence(lambda n: f"Line {n}")
    amount = Decimal("100.00")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingContribution
        skip_postgeneration_save = True

    budget = factory.SubFactory(BudgetFactory)
    amount = Decimal("1000.00")

    @factory.post_generation
    def streams(self, create, extracted, **kwargs):
        self.streams.set(extracted or [FundingStream.objects.get_or_create(name="Council base budget")[0]])


class SpendImportFactory(factory.django.DjangoModelFactory):
    """A checked spend file with one row ready to record."""

    class Meta:
        model = SpendImport

    budget = factory.SubFactory(BudgetFactory)
    uploaded_by = factory.SubFactory("tests.accounts.factories.UserFactory")
    filename = "spend.csv"
    rows = factory.LazyAttribute(
        lambda o: [
            {
                "row": 2,
                "allocation_id": AllocationFactory(budget=o.budget).pk,
                "line": "A line",
                "month": "2010-04-01",
                "amount": "10.00",
                "note": "",
            }
        ]
    )
    status = SpendImport.Status.READY


class SpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Spend

    allocation = factory.SubFactory(AllocationFactory)
    month = datetime.date(2010, 4, 1)
    amount = Decimal("10.00")
