"""The commissioning app's models, one module per feature; every model is importable from here."""

from commissioning.models.reference import DeliveryMethod, ServiceLine

__all__ = ["DeliveryMethod", "ServiceLine"]
