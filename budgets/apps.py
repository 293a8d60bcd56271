from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """Financial years, funding streams, budgets, allocations, commitments, spend, savings and exports."""

    name = "budgets"
    verbose_name = "Budgets"
