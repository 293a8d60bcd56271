"""Factories for the carers feature models (KPIs, grants and vouchers, directory, imports); the core
rows they need (carers, contacts, assessments) come from tests/carers/factories.py."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from accounts.choices import AreaLevel, OrganisationKind
from carers.directory.choices import DirectoryCategory
from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.kpis.choices import KpiMeasure, KpiUnit
from carers.models import (
    AreaEstimate,
    CarerGrant,
    CarerImport,
    DirectoryEntry,
    InformationGiven,
    KpiIndicator,
    KpiTarget,
    VoucherRedemption,
)
from tests.accounts.factories import AreaFactory, OrganisationFactory, UserFactory
from tests.carers.factories import HOME_COUNCIL, CarerFactory, ContactFactory

HOME = HOME_COUNCIL


class AreaEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaEstimate

    area = factory.SubFactory(AreaFactory, council=factory.SubFactory(OrganisationFactory, name=HOME))
    year = 2020
    estimated_carers = 60_000


class KpiIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiIndicator

    organisation = factory.SubFactory(OrganisationFactory, name=HOME)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    measure = KpiMeasure.MANUAL
    unit = KpiUnit.COUNT


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    indicator = factory.SubFactory(KpiIndicatorFactory)
    year = factory.Sequence(lambda n: 2000 + n % 90)
    target = Decimal("100")


class CarerGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarerGrant

    carer = factory.SubFactory(CarerFactory)
    organisation = factory.SelfAttribute("carer.organisation")
    kind = GrantKind.LEISURE_LEARNING
    purpose = "An evening class"
    applied_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    amount_requested = Decimal("250.00")
    status = GrantStatus.APPLIED


class ApprovedGrantFactory(CarerGrantFactory):
    status = GrantStatus.APPROVED
    decided_on = factory.LazyFunction(lambda: date.today() - timedelta(days=20))
    amount_awarded = Decimal("250.00")
    payment_method = PaymentMethod.BANK_TRANSFER
    paid_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))


class VoucherGrantFactory(CarerGrantFactory):
    kind = GrantKind.TAKE_A_BREAK
    purpose = "Take a Break vouchers"
    amount_requested = None
    vouchers_requested = 10
    status = GrantStatus.APPROVED
    decided_on = factory.LazyFunction(lambda: date.today() - timedelta(days=20))
    vouchers_issued = 10
    payment_method = PaymentMethod.VOUCHERS


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Sitting Service {n}")
    kind = OrganisationKind.VOLUNTARY


class VoucherRedemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoucherRedemption

    grant = factory.SubFactory(VoucherGrantFactory)
    provider = factory.SubFactory(ProviderFactory)
    redeemed_on = factory.LazyFunction(lambda: date.today() - timedelta(days=5))
    vouchers_used = 2


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryEntry

    name = factory.Sequence(lambda n: f"Carers café {n}")
    category = DirectoryCategory.PEER_SUPPORT
    phone = "01865 123456"
    opening_times = "Tuesdays 2pm to 4pm"


class InformationGivenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationGiven

    contact = factory.SubFactory(ContactFactory)
    entry = factory.SubFactory(DirectoryEntryFactory)
    given_by = factory.SubFactory(UserFactory)


class CarerImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarerImport

    organisation = factory.SubFactory(OrganisationFactory, name=HOME)
    uploaded_by = factory.SubFactory(UserFactory)
    filename = "carers.csv"
    content = b"first_name,last_name\n"
    status = "invalid"


def county(name: str, council, districts: str = "") -> "AreaFactory":
    return AreaFactory(name=name, level=AreaLevel.COUNTY, council=council, postcode_districts=districts)
