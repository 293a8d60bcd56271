"""Chainable filters for consultations; `visible_to(user)` is the one scope rule: a council's
consultations, forums and plans are its own (a superuser sees all, anyone else none)."""

from datetime import date

from django.db import models

from consultations.choices import OPEN_ACTION_STATUSES


class CouncilOwnedQuerySet(models.QuerySet):
    """Rows that belong to one organisation through `organisation_path`."""

    organisation_path = "organisation_id"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(**{self.organisation_path: user.organisation_id})


class EventQuerySet(CouncilOwnedQuerySet):
    pass


class EventChildQuerySet(CouncilOwnedQuerySet):
    organisation_path = "event__organisation_id"


class ActionQuerySet(CouncilOwnedQuerySet):
    organisation_path = "message__event__organisation_id"

    def still_open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: date):
        return self.still_open().filter(due_on__lt=today)


class ForumChildQuerySet(CouncilOwnedQuerySet):
    organisation_path = "forum__organisation_id"


class AimQuerySet(CouncilOwnedQuerySet):
    organisation_path = "strategy__organisation_id"


class DeliverableQuerySet(CouncilOwnedQuerySet):
    organisation_path = "aim__strategy__organisation_id"


class MilestoneQuerySet(CouncilOwnedQuerySet):
    """A milestone belongs to a deliverable or a workstream; either way to one council."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        org = user.organisation_id
        return self.filter(
            models.Q(deliverable__aim__strategy__organisation_id=org) | models.Q(workstream__organisation_id=org)
        )
