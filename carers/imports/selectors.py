"""Read use-cases for carer imports."""

from django.db.models import QuerySet

from carers.models import CarerImport


def carer_import_list(user) -> QuerySet[CarerImport]:
    """The imports of the user's organisation (all for a superuser), without the file bodies."""
    qs = CarerImport.objects.select_related("uploaded_by", "organisation").defer("content")
    if user.is_superuser:
        return qs
    return qs.filter(organisation_id=user.organisation_id) if user.organisation_id else qs.none()
