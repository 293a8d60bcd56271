from django.apps import AppConfig


class CarersConfig(AppConfig):
    """Carers, cared-for people, contacts, referrals, assessments, contingency plans and carer KPIs."""

    name = "carers"
    verbose_name = "Carers"

    def ready(self) -> None:
        # Review dates and SAR deadlines become reminder sources.
        from carers.reminders import register_sources

        register_sources()
