from django.db import models

from accounts.choices import AreaLevel


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def councils(self):
        return self.filter(kind="council")


class AreaQuerySet(models.QuerySet):
    def counties(self):
        return self.filter(level=AreaLevel.COUNTY)

    def with_parent(self):
        return self.select_related("parent", "parent__parent", "council")
