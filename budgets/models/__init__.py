"""The budgets app's models, one module per feature; every model is importable from here."""

from budgets.models.allocations import Allocation, AllocationGroup
from budgets.models.budgets import Budget, FundingContribution, Virement
from budgets.models.reference import FundingStream
from budgets.models.savings import Efficiency
from budgets.models.spend import Spend, SpendImport, SpendSource

__all__ = [
    "Allocation",
    "AllocationGroup",
    "Budget",
    "Efficiency",
    "FundingContribution",
    "FundingStream",
    "Spend",
    "SpendImport",
    "SpendSource",
    "Virement",
]
