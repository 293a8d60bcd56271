"""The commissioning app's models, one module per feature; every model is importable from here."""

from commissioning.models.contracts import Contract, ContractAmendment
from commissioning.models.imports import ContractImport
from commissioning.models.kpis import ContractKpi, KpiReturn
from commissioning.models.providers import Accreditation, ProviderProfile
from commissioning.models.reference import DeliveryMethod, ServiceLine
from commissioning.models.thresholds import DecisionThreshold

__all__ = [
    "Accreditation",
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
