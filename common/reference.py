"""The abstract base of the short reference lists that administrators extend (contact reasons,
condition categories, service lines, delivery methods...). Every app's lists share its shape."""

from django.db import models


class ReferenceList(models.Model):
    """An entry of a short list that administrators extend; entries no longer used are switched
    off rather than deleted, so old records keep them."""

    name = models.CharField(max_length=100)
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
