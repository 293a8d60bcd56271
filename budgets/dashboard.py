"""The finance officer's home panels, leading with what needs action: drafts to approve."""

from django.urls import reverse

from budgets.choices import BudgetStatus
from budgets.models import Budget
from common.panels import Panel


def panels(user) -> list[Panel]:
    if not user.has_perm("budgets.view_budget"):
        return []
    budgets = Budget.objects.visible_to(user)
    found = []
    if user.has_perm("budgets.approve_budget"):
        found.append(
            Panel(
                "Budgets to approve",
                budgets.filter(status=BudgetStatus.DRAFT).count(),
                "drafts waiting for approval",
                reverse("budgets:budget_list") + "?status=draft",
            )
        )
    found.append(
        Panel(
            "Approved budgets",
            budgets.filter(status=BudgetStatus.APPROVED).count(),
            "in force this year and last",
            reverse("budgets:budget_list") + "?status=approved",
        )
    )
    return found
