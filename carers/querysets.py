"""Chainable filters for carers and their records; `visible_to(user)` is the one scope rule."""

from datetime import date

from django.db import models

from accounts.choices import Role
from carers.choices import (
    OLDER_CARER_FROM,
    YOUNG_ADULT_CARER_UNDER,
    YOUNG_CARER_UNDER,
    AgeGroup,
    CarerStatus,
    ReferralStatus,
)

# Roles that hold a carer's personal record in their daily work, within their own organisation.
_RECORD_ROLES = (Role.CSC_OFFICER, Role.ADMINISTRATOR)


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def dob_range_for_age_group(group: str, today: date) -> tuple[date | None, date | None]:
    """(born after, born on or before) bounds of an age group, so filters use the date-of-birth index."""
    bounds = {
        AgeGroup.YOUNG_CARER: (_years_before(today, YOUNG_CARER_UNDER), None),
        AgeGroup.YOUNG_ADULT_CARER: (
            _years_before(today, YOUNG_ADULT_CARER_UNDER),
            _years_before(today, YOUNG_CARER_UNDER),
        ),
        AgeGroup.ADULT: (_years_before(today, OLDER_CARER_FROM), _years_before(today, YOUNG_ADULT_CARER_UNDER)),
        AgeGroup.OLDER_CARER: (None, _years_before(today, OLDER_CARER_FROM)),
    }
    return bounds[AgeGroup(group)]


class CarerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Carers whose personal record `user` may open.

        CSC officers and administrators: the carers held by their own organisation (a superuser:
        all). Brokerage officers: the people on their packages — brokerage has no packages yet,
        so none; `brokerage` extends this once CarePackage exists. Everyone else: none.
        """
        if not user.is_authenticated or not user.has_perm("carers.view_carer"):
            return self.none()
        if user.is_superuser:
            return self
        if user.has_role(*_RECORD_ROLES) and user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()

    def everyday(self):
        """Records for everyday lists and search: not restricted, erased or merged away."""
        return self.filter(status=CarerStatus.ACTIVE)

    def in_age_group(self, group: str, today: date):
        born_after, born_by = dob_range_for_age_group(group, today)
        qs = self
        if born_after:
            qs = qs.filter(date_of_birth__gt=born_after)
        if born_by:
            qs = qs.filter(date_of_birth__lte=born_by)
        return qs


class CarerOwnedQuerySet(models.QuerySet):
    """For records that belong to a carer: visible when the carer is."""

    carer_path = "carer"

    def visible_to(self, user):
        from carers.models import Carer

        return self.filter(**{f"{self.carer_path}__in": Carer.objects.visible_to(user).values("pk")})


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contacts of visible carers, plus unidentified callers' contacts logged by the user's organisation."""
        from carers.models import Carer

        if not user.is_authenticated or not user.has_perm("carers.view_contact"):
            return self.none()
        if user.is_superuser:
            return self
        if not user.has_role(*_RECORD_ROLES) or not user.organisation_id:
            return self.none()
        return self.filter(
            models.Q(carer__in=Carer.objects.visible_to(user).values("pk"))
            | models.Q(carer__isnull=True, organisation_id=user.organisation_id)
        )

    def unidentified(self):
        return self.filter(carer__isnull=True)


class ReferralQuerySet(ContactQuerySet):
    def visible_to(self, user):
        from carers.models import Contact

        return self.filter(contact__in=Contact.objects.visible_to(user).values("pk"))

    def open(self):
        return self.filter(status=ReferralStatus.OPEN)


class CaredForPersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        from carers.models import Carer

        return self.filter(caring_relationships__carer__in=Carer.objects.visible_to(user).values("pk")).distinct()
