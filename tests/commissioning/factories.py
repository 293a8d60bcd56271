"""Factories for the contracts register (figures from the seeds: South Tees, Oxfordshire)."""

from datetime import date
from decimal import Decimal

import factory

from accounts.choices import OrganisationKind, Role
from commissioning.models import (
    Accreditation,
    AgreedScore,
    Bid,
    Contract,
    ContractAmendment,
    ContractImport,
    ContractKpi,
    Criterion,
    DecisionThreshold,
    KpiReturn,
    Lot,
    PlannedStage,
    PlanTemplate,
    PlanTemplateStage,
    Procurement,
    ProcurementPlan,
    ProviderProfile,
    Risk,
    Score,
    ServiceLine,
)
from tests.accounts.factories import OrganisationFactory, UserFactory

HOME_COUNCIL = "Oxfordshire County Council"


def home_council():
    return OrganisationFactory(name=HOME_COUNCIL)


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Carers Centre {n}")
    kind = OrganisationKind.VOLUNTARY


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile

    organisation = factory.SubFactory(ProviderFactory)
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    provider = factory.SubFactory(ProviderProfileFactory)
    scheme = "Support with Confidence"
    awarded_on = date(2024, 5, 1)
    expires_on = date(2027, 4, 30)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CON-{n:05d}")
    title = "Carers Information and Support Service"
    provider = factory.SubFactory(ProviderFactory)
    accountable_body = factory.LazyFunction(home_council)
    total_value = Decimal("1650000.00")
    annual_value = Decimal("550000.00")
    start_date = date(2022, 4, 1)
    initial_end_date = date(2025, 3, 31)
    extension_options = "24"
    notice_period_months = 6

    @factory.post_generation
    def service_lines(self, create, extracted, **kwargs):
        if create:
            self.service_lines.set(extracted or [ServiceLine.objects.get_or_create(name="Carers support service")[0]])


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractAmendment

    contract = factory.SubFactory(ContractFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    kind = "scope"
    effective_on = date(2023, 4, 1)
    rationale = "Young adult carers added to the service."
    scope_after = "Adult and young adult carers."
    notice_kind = "UK10"


class ThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionThreshold

    organisation = factory.LazyFunction(home_council)
    over_value = Decimal("150000.00")
    decision_body = "Executive"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractKpi

    contract = factory.SubFactory(ContractFactory)
    name = factory.Sequence(lambda n: f"Carers identified {n}")
    target = "250 new carers a quarter"
    next_return_due = date(2026, 1, 31)


class KpiReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiReturn

    kpi = factory.SubFactory(KpiFactory)
    period_end = factory.Sequence(lambda n: date(2020, 1, 1).replace(year=2020 + n // 12, month=1 + n % 12))
    actual = "231"
    rating = "approaching"


def commissioner(organisation=None, **kwargs):
    return UserFactory(organisation=organisation or home_council(), roles=[Role.COMMISSIONER], **kwargs)


class ContractImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractImport

    organisation = factory.LazyFunction(home_council)
    uploaded_by = factory.LazyAttribute(lambda o: UserFactory(organisation=o.organisation))
    filename = "register.csv"
    status = "ready"
    rows = factory.LazyFunction(list)


# --- Procurements (issue 14) -------------------------------------------------------------------
class ProcurementFactory(factory.django.DjangoModelFactory):
    """Seed 003's South Tees carers procurement, kept by the home council."""

    class Meta:
        model = Procurement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PROC-{n:05d}")
    title = "Carers Support Services"
    organisation = factory.LazyFunction(home_council)
    route = "open"
    estimated_value = Decimal("2500000.00")

    @factory.post_generation
    def service_lines(self, create, extracted, **kwargs):
        if create:
            self.service_lines.set(extracted or [ServiceLine.objects.get_or_create(name="Carers support service")[0]])


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    procurement = factory.SubFactory(ProcurementFactory)
    number = factory.Sequence(lambda n: n % 90 + 1)
    title = "Adult Carers"
    value = Decimal("1000000.00")
    term_months = 36
    extension_options = "24"


class TenderBidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    lot = factory.SubFactory(LotFactory)
    bidder = factory.SubFactory(ProviderFactory)
    status = "expressed_interest"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    lot = factory.SubFactory(LotFactory)
    name = factory.Sequence(lambda n: f"Quality question {n}")
    weight = Decimal("70")
    scale_max = 5


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    organisation = factory.LazyFunction(home_council)
    title = "Provider market fragility"
    description = "Few providers able to deliver the service across the county."
    likelihood = 3
    severity = 4
    review_date = date(2026, 6, 30)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    bid = factory.SubFactory(TenderBidFactory, status="submitted")
    criterion = factory.LazyAttribute(lambda o: CriterionFactory(lot=o.bid.lot))
    evaluator = factory.LazyAttribute(lambda o: commissioner(o.bid.lot.procurement.organisation))
    score = Decimal("3")


class AgreedScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreedScore

    bid = factory.SubFactory(TenderBidFactory, status="submitted")
    criterion = factory.LazyAttribute(lambda o: CriterionFactory(lot=o.bid.lot))
    moderated_by = factory.LazyAttribute(lambda o: commissioner(o.bid.lot.procurement.organisation))
    score = Decimal("3")


# --- Procurement plans (issue 14, item 6) ------------------------------------------------------
# An open procedure's standard weeks per stage (30 weeks before the new contract starts).
OPEN_WEEKS = {
    "market_engagement": 6,
    "invitation_to_tender": 6,
    "evaluation": 4,
    "award_decision": 2,
    "standstill": 2,
    "mobilisation": 10,
}


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTemplate
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(home_council)
    name = factory.Sequence(lambda n: f"Open procedure {n}")
    route = "open"

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create:
            for stage, weeks in (extracted or OPEN_WEEKS).items():
                PlanTemplateStage.objects.create(template=self, stage=stage, duration=weeks, unit="weeks")


class PlanFactory(factory.django.DjangoModelFactory):
    """A procurement's plan with its stages scheduled back from `must_start_on` (plans.schedule)."""

    class Meta:
        model = ProcurementPlan
        skip_postgeneration_save = True

    procurement = factory.SubFactory(ProcurementFactory)
    template = factory.LazyAttribute(lambda o: PlanTemplateFactory(organisation=o.procurement.organisation))
    must_start_on = date(2027, 4, 1)

    @factory.post_generation
    def scheduled(self, create, extracted, **kwargs):
        if create:
            from commissioning.choices import STAGE_ORDER
            from commissioning.plans import schedule
            from commissioning.services.plans import template_stages

            for row in schedule(template_stages(self.template), self.must_start_on):
                PlannedStage.objects.create(
                    plan=self,
                    stage=row.stage,
                    position=STAGE_ORDER[row.stage],
                    starts_on=row.starts_on,
                    ends_on=row.ends_on,
                )
