from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    """Providers, service lines, procurements, contracts, extensions, risks and contract KPIs."""

    name = "commissioning"
    verbose_name = "Commissioning"
