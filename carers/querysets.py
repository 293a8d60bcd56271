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
    ReferralKind,
    ReferralStatus,
)

# Roles that hold a carer's personal record in their daily work, within their own organisation.
_RECORD_ROLES = (Role.CSC_OFFICER, Role.ADMINISTRATOR)


def _holds_record_role(user) -> bool:
    """Whether the user is a CSC officer or administrator; cached on the user object for the
    request, since one page asks several querysets."""
    cached = getattr(user, "_carers_record_role", None)
    if cached is None:
        cached = user.has_role(*_RECORD_ROLES)
        user._carers_record_role = cached
    return cached


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


ALL = "all"


def record_organisation(user):
    """Whose carers' records `user` holds: ALL (a superuser), the id of their own organisation (a
    CSC officer or administrator), or None (nobody's, as far as this rule goes).

    Every record that belongs to a carer is scoped by this organisation directly (a contact and a
    referral carry it; an assessment reaches it through its carer), so lists filter on an indexed
    column instead of testing each row against the set of the organisation's carers."""
    if not user.is_authenticated or not user.has_perm("carers.view_carer"):
        return None
    if user.is_superuser:
        return ALL
    if user.organisation_id and _holds_record_role(user):
        return user.organisation_id
    return None


def brokerage_organisation(user):
    """The organisation whose carers referred to brokerage `user` may open as a brokerage
    officer (the people brokerage arranges support for), or None."""
    if (
        user.is_authenticated
        and user.organisation_id
        and user.has_perm("carers.view_carer")
        and user.has_role(Role.BROKERAGE_OFFICER)
    ):
        return user.organisation_id
    return None


def carers_organisation(user):
    """The one organisation all the carers `user` may open belong to (for narrowing a search
    before the full scope is applied), or None when that is not a single organisation."""
    scope = record_organisation(user)
    if scope is None:
        return brokerage_organisation(user)
    return None if scope == ALL else scope


def _scoped(qs, user, organisation_path: str, carer_path: str | None):
    """`qs` narrowed by record_organisation(user) through `organisation_path`; for users who hold
    no organisation's records, to the carers they may see through `carer_path` (none if None)."""
    scope = record_organisation(user)
    if scope == ALL:
        return qs
    if scope is not None:
        return qs.filter(**{organisation_path: scope})
    if carer_path is None:
        return qs.none()
    from carers.models import Carer

    return qs.filter(**{f"{carer_path}__in": Carer.objects.visible_to(user).values("pk")})


class CarerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Carers whose personal record `user` may open.

        CSC officers and administrators: the carers held by their own organisation (a superuser:
        all). Brokerage officers: their organisation's carers who were referred to brokerage (a
        referral of that kind on a contact), the people brokerage arranges support for; the
        brokerage app adds the people on its packages when it has them. Everyone else: none.
        """
        if record_organisation(user) is None:
            organisation = brokerage_organisation(user)
            if organisation is not None:
                from carers.models import Referral

                referred = Referral.objects.filter(carer=models.OuterRef("pk"), kind=ReferralKind.BROKERAGE)
                return self.filter(models.Exists(referred), organisation_id=organisation)
        return _scoped(self, user, "organisation_id", None)

    def everyday(self):
        """Records for everyday lists and search: not restricted, erased or merged away."""
        return self.filter(status=CarerStatus.ACTIVE)

    def with_open_referral(self, kind: str | None = None):
        """Carers with an open referral (of `kind`, or of any kind). The home page's counts and
        the list they link to both use this, so a count is the number of rows its link shows."""
        from carers.models import Referral

        referrals = Referral.objects.open()
        if kind:
            referrals = referrals.filter(kind=kind)
        # IN (subquery): PostgreSQL can start from the few open referrals, not every carer.
        return self.filter(pk__in=referrals.values("carer_id"))

    def in_age_group(self, group: str, today: date):
        if group == AgeGroup.NOT_KNOWN:
            return self.filter(date_of_birth__isnull=True)
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
        # A join on the carer's organisation: a paged list stops after a page of rows instead of
        # first collecting every carer the organisation holds.
        return _scoped(self, user, f"{self.carer_path}__organisation_id", self.carer_path)


class AccessLogQuerySet(models.QuerySet):
    def about(self, carer_id: int):
        """Every entry about the carer: opened or refused (its own rows), and every export that held
        it (one row per export listing its carers; the list itself is not loaded)."""
        return self.filter(models.Q(carer_id=carer_id) | models.Q(carer_ids__has=carer_id)).defer("carer_ids")


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contacts of visible carers, plus unidentified callers' contacts logged by the user's
        organisation. A contact's organisation is always its carer's (carers.services keeps it so),
        so one indexed column scopes both."""
        if not user.is_authenticated or not user.has_perm("carers.view_contact"):
            return self.none()
        return _scoped(self, user, "organisation_id", "carer")

    def unidentified(self):
        return self.filter(carer__isnull=True)


class ReferralQuerySet(ContactQuerySet):
    """Referrals carry their contact's organisation, so the same rule scopes them."""

    def open(self):
        return self.filter(status=ReferralStatus.OPEN)


class CaredForPersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(
            self, user, "caring_relationships__carer__organisation_id", "caring_relationships__carer"
        ).distinct()


class CouncilFiguresQuerySet(models.QuerySet):
    """Carer KPI rows (indicators, their targets, area estimates): every council's are read by
    whoever holds the aggregated statistics (councils benchmark each other); only the owning
    council's are changed (another council's is a 404, as a missing row)."""

    council_path = "organisation_id"

    def visible_to(self, user, action: str = "view"):
        if not user.is_authenticated or not user.has_perm("carers.view_carer_statistics"):
            return self.none()
        if action == "view" or user.is_superuser:
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(**{self.council_path: user.organisation_id})


class KpiIndicatorQuerySet(CouncilFiguresQuerySet):
    council_path = "organisation_id"


class KpiTargetQuerySet(CouncilFiguresQuerySet):
    council_path = "indicator__organisation_id"


class AreaEstimateQuerySet(CouncilFiguresQuerySet):
    council_path = "area__council_id"
