"""Chainable filters for budgets; `visible_to(user)` is each model's one scope rule: a budget is
its organisation's (a superuser sees every one). Out of scope answers as missing (404)."""

from django.db import models


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class BudgetChildQuerySet(models.QuerySet):
    """Rows that belong to a budget: in scope when their budget is."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(budget__organisation_id=user.organisation_id)
