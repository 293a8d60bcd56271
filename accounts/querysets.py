"""Chainable filters for accounts; `visible_to(user, action)` is each model's one scope rule.

Tenancy: a council's administrator manages their own council's users and areas; the deployment
administrator (and a superuser) manages councils and other organisations and every council's
users. A record outside the user's scope answers as one that does not exist (404)."""

from django.db import models

from accounts.choices import AreaLevel, OrganisationKind, Role

VIEW, CHANGE = "view", "change"


def deployment_wide(user) -> bool:
    """Whether `user`'s scope is the whole deployment (the deployment administrator, a superuser)."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.DEPLOYMENT_ADMINISTRATOR)))


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def councils(self):
        return self.filter(kind="council")

    def visible_to(self, user, action: str = VIEW):
        """Every organisation is everyone's to read (reference data). To change: all for the
        deployment administrator; for others, providers, NHS and voluntary bodies and their own
        council, never another council."""
        if action == VIEW or deployment_wide(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(~models.Q(kind=OrganisationKind.COUNCIL) | models.Q(pk=user.organisation_id))


class AreaQuerySet(models.QuerySet):
    def counties(self):
        return self.filter(level=AreaLevel.COUNTY)

    def with_parent(self):
        return self.select_related("parent", "parent__parent", "council")

    def visible_to(self, user, action: str = VIEW):
        """Every area is everyone's to read (councils compare figures by area). To change: the
        areas of the user's own council (all for a superuser)."""
        if action == VIEW or (user.is_authenticated and user.is_superuser):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        return self.filter(council_id=user.organisation_id)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """The users of the user's own organisation; every user for the deployment administrator."""
        if deployment_wide(user):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)
