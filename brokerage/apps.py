from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    """Personal budgets, open frameworks, admissions, call-offs, bids, care packages and reviews."""

    name = "brokerage"
    verbose_name = "Brokerage"

    def ready(self) -> None:
        # Package and budget review dates become reminder sources.
        from brokerage.commitments import register_source as register_commitments
        from brokerage.reminders import register_sources

        register_sources()
        register_commitments()  # care packages commit budgets (budgets.commitments)
