"""The commissioning app's models, one module per feature; every model is importable from here."""

from commissioning.models.contracts import Contract, ContractAmendment
from commissioning.models.imports import ContractImport
from commissioning.models.kpis import ContractKpi, KpiReturn
from commissioning.models.plans import PlannedStage, PlanTemplate, PlanTemplateStage, ProcurementPlan
from commissioning.models.procurements import (
    AgreedScore,
    Bid,
    Criterion,
    Lot,
    Procurement,
    Risk,
    Score,
    StageTransition,
)
from commissioning.models.providers import Accreditation, ProviderProfile
from commissioning.models.reference import DeliveryMethod, ServiceLine
from commissioning.models.thresholds import DecisionThreshold

__all__ = [
    "Accreditation",
    "AgreedScore",
    "Bid",
    "Criterion",
    "Lot",
    "PlannedStage",
    "PlanTemplate",
    "PlanTemplateStage",
    "Procurement",
    "ProcurementPlan",
    "Risk",
    "Score",
    "StageTransition",
    "Contract",
    "ContractAmendment",
    "ContractImport",
    "ContractKpi",
    "DecisionThreshold",
    "DeliveryMethod",
    "KpiReturn",
    "ProviderProfile",
    "ServiceLine",
]
