"""`visible_to(user)`: a council's brokerage records are its own officers' (a superuser: all).

Every brokerage model carries its council (`organisation`) or reaches it through its parent, so
scope is one indexed filter. Which role may open which model is the permission's business
(accounts.roles); this says only whose rows they are. Out of scope answers as missing (404).
"""

from django.db import models


def council_of(user):
    """ "all" for a superuser, the user's organisation id, or None (nobody's rows)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "all"
    return user.organisation_id


class CouncilQuerySet(models.QuerySet):
    path = "organisation"

    def visible_to(self, user):
        scope = council_of(user)
        if scope == "all":
            return self
        if scope is None:
            return self.none()
        return self.filter(**{f"{self.path}_id": scope})


class ChildQuerySet(CouncilQuerySet):
    """A row scoped through its parent: `path` is the lookup to the council."""

    @classmethod
    def as_manager(cls, path: str = "organisation"):
        subclass = type(cls.__name__, (cls,), {"path": path, "__module__": cls.__module__})
        return models.Manager.from_queryset(subclass)()
