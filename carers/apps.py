from django.apps import AppConfig


class CarersConfig(AppConfig):
    """Carers, cared-for people, contacts, referrals, assessments, contingency plans and carer KPIs."""

    name = "carers"
    verbose_name = "Carers"
