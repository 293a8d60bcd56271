from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    """Personal budgets, open frameworks, admissions, call-offs, bids, care packages and reviews."""

    name = "brokerage"
    verbose_name = "Brokerage"
