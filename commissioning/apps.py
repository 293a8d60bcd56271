from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    """Providers, service lines, procurements, contracts, extensions, risks and contract KPIs."""

    name = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        # Contract ends, decisions, reviews, accreditations and KPI returns become reminder
        # sources; contracts give budgets their commitments.
        from budgets.commitments import CommitmentSource
        from budgets.commitments import register as register_commitments
        from commissioning.commitments import contract_commitments
        from commissioning.reminders import register_sources

        register_sources()
        register_commitments(
            CommitmentSource(name="commissioning.contracts", label="Contracts", fetch=contract_commitments)
        )
