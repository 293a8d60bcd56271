"""The budgets app's models, one module per feature; every model is importable from here."""

from budgets.models.reference import FundingStream

__all__ = ["FundingStream"]
