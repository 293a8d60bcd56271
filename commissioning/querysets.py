"""Chainable filters for commissioning; `visible_to(user, action)` is each model's one scope rule.

Contracts: a commissioner or finance officer sees the contracts their organisation is accountable
for and those commissioned on its behalf (partners read them); only the accountable body's
commissioners change one. Providers and their accreditations are everyone's reference data.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

VIEW, CHANGE = "view", "change"


def _all_councils(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def _latest(field: str):
    """The `field` of a contract's latest amendment that set it (a subquery per contract)."""
    from commissioning.models import ContractAmendment

    return Subquery(
        ContractAmendment.objects.filter(contract=OuterRef("pk"), **{f"{field}__isnull": False})
        .order_by("-sequence")
        .values(field)[:1]
    )


def ending_between(first: date | None, last: date | None) -> Q:
    """Contracts whose current end (as with_current() computes it) falls from `first` to `last`,
    either open: those with no amendment that set an end and an initial end in range, and those
    whose latest end-setting amendment's end is in range. Written set-wise so that a filter on the
    current end never computes it per contract (the register's 100,000): the amendments are read
    once, and only the contracts they name, or with an initial end in range, are looked at."""
    from commissioning.models import ContractAmendment

    def in_range(field: str) -> Q:
        bounds = {}
        if first is not None:
            bounds[f"{field}__gte"] = first
        if last is not None:
            bounds[f"{field}__lte"] = last
        return Q(**bounds)

    sets_end = ContractAmendment.objects.filter(end_after__isnull=False).order_by()
    later = sets_end.filter(contract=OuterRef("contract"), sequence__gt=OuterRef("sequence"))
    latest_in_range = sets_end.filter(in_range("end_after")).exclude(Exists(later)).values("contract_id")
    never_amended = ~Exists(sets_end.filter(contract=OuterRef("pk")))
    return (in_range("initial_end_date") & never_amended) | Q(pk__in=latest_in_range)


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """VIEW: contracts the user's organisation is accountable for or a partner to. CHANGE:
        only those it is accountable for."""
        if _all_councils(user):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        if action == CHANGE:
            return self.filter(accountable_body_id=user.organisation_id)
        # The partner's contracts as one set (a hashed subplan), not a lookup per contract.
        partner = self.model.on_behalf_of.through.objects.filter(organisation_id=user.organisation_id)
        return self.filter(Q(accountable_body_id=user.organisation_id) | Q(pk__in=partner.values("contract_id")))

    def with_current(self):
        """Annotate each contract's current end, total and annual value, options used and
        termination date, from its latest amendments (never stored on the contract)."""
        from commissioning.choices import AmendmentKind
        from commissioning.models import ContractAmendment

        used = (
            ContractAmendment.objects.filter(contract=OuterRef("pk"), kind=AmendmentKind.EXTENSION)
            .order_by()
            .values("contract")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        terminated = (
            ContractAmendment.objects.filter(contract=OuterRef("pk"), kind=AmendmentKind.TERMINATION)
            .order_by("-sequence")
            .values("end_after")[:1]
        )
        return self.annotate(
            current_end=Coalesce(_latest("end_after"), F("initial_end_date"), output_field=models.DateField()),
            current_total=Coalesce(_latest("total_after"), F("total_value"), output_field=models.DecimalField()),
            current_annual=Coalesce(_latest("annual_after"), F("annual_value"), output_field=models.DecimalField()),
            options_used=Coalesce(Subquery(used), Value(0)),
            terminated_on=Subquery(terminated, output_field=models.DateField()),
        )

    def with_status(self, status: str, today: date | None = None):
        """Filter by the register's status (live, expired: live but past its current end, terminated)."""
        from commissioning.choices import ContractStatus, StatusFilter

        today = today or timezone.localdate()
        if status == StatusFilter.TERMINATED:
            return self.filter(status=ContractStatus.TERMINATED)
        if status == StatusFilter.EXPIRED:
            return self.filter(ending_between(None, today - timedelta(days=1)), status=ContractStatus.LIVE)
        return self.filter(ending_between(today, None), status=ContractStatus.LIVE)

    def expiring_within(self, months: int, today: date | None = None):
        """Live contracts whose current end is from today to `months` ahead."""
        from commissioning.choices import ContractStatus
        from commissioning.terms import add_months

        today = today or timezone.localdate()
        return self.filter(ending_between(today, add_months(today, months)), status=ContractStatus.LIVE)

    def decision_due_within(self, months: int, today: date | None = None):
        """Live, unexpired contracts whose decision is due (current end less notice period) by
        `months` ahead, overdue decisions included.

        The notice period differs per contract and months cannot be subtracted from a date the
        same way in every database, so the condition is written once per notice period in use
        (a handful): current end ≤ (today + months) + notice."""
        from commissioning.choices import ContractStatus
        from commissioning.terms import add_months

        today = today or timezone.localdate()
        horizon = add_months(today, months)
        notices = self.model.objects.order_by().values_list("notice_period_months", flat=True).distinct()
        condition = Q(pk__in=[])
        for notice in notices:
            condition |= Q(ending_between(today, add_months(horizon, notice)), notice_period_months=notice)
        return self.filter(condition, status=ContractStatus.LIVE)


class AmendmentQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        from commissioning.models import Contract

        return self.filter(contract__in=Contract.objects.visible_to(user, action).values("pk"))

    def notice_due(self):
        """Amendments whose Procurement Act notice is not yet marked published."""
        return self.filter(notice_published_on__isnull=True)


class ProviderProfileQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Providers are everyone's reference data (CSC and brokerage officers signpost to them)."""
        return self if user.is_authenticated else self.none()


class AccreditationQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self if user.is_authenticated else self.none()


class KpiQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        from commissioning.models import Contract

        return self.filter(contract__in=Contract.objects.visible_to(user, action).values("pk"))


class KpiReturnQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        from commissioning.models import Contract

        return self.filter(kpi__contract__in=Contract.objects.visible_to(user, action).values("pk"))


# --- Procurements (issue 14) -------------------------------------------------------------------
class ProcurementQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """VIEW: procurements the user's organisation keeps or they are run for. CHANGE: only
        those it keeps (the organisation field)."""
        if _all_councils(user):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        if action == CHANGE:
            return self.filter(organisation_id=user.organisation_id)
        partner = self.model.run_for.through.objects.filter(
            procurement_id=OuterRef("pk"), organisation_id=user.organisation_id
        )
        return self.filter(Q(organisation_id=user.organisation_id) | Exists(partner))

    def with_lateness(self, today: date | None = None):
        """Annotate `is_late`: past the planned start of a stage after the current one (the rule:
        commissioning.plans.annotate_lateness)."""
        from commissioning.plans import annotate_lateness

        return annotate_lateness(self, today or timezone.localdate())

    def with_late_since(self):
        """Annotate `late_since`, the day the plan says it should move on (commissioning.plans)."""
        from commissioning.plans import annotate_late_since

        return annotate_late_since(self)

    def late(self, today: date | None = None):
        """Procurements late against their plan (needs nothing else annotated)."""
        return self.with_lateness(today).filter(is_late=True)


def _procurements(user, action):
    from commissioning.models import Procurement

    return Procurement.objects.visible_to(user, action).values("pk")


class LotQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(procurement__in=_procurements(user, action))


class BidQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(lot__procurement__in=_procurements(user, action))


class CriterionQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(lot__procurement__in=_procurements(user, action))


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(bid__lot__procurement__in=_procurements(user, action))


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """The risks on the user's organisation's register."""
        if _all_councils(user):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def with_rating(self):
        """Annotate likelihood × impact (the matrix and the sort order use it)."""
        return self.annotate(rating_value=F("likelihood") * F("severity"))


# --- Procurement plans (issue 14, item 6) ------------------------------------------------------
class PlanTemplateQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """VIEW: the organisation's own templates and the deployment's (no organisation). CHANGE:
        only its own (the deployment's are changed by a superuser)."""
        if _all_councils(user):
            return self
        if not user.is_authenticated or not user.organisation_id:
            return self.none()
        if action == CHANGE:
            return self.filter(organisation_id=user.organisation_id)
        return self.filter(Q(organisation_id=user.organisation_id) | Q(organisation__isnull=True))


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(procurement__in=_procurements(user, action))


class PlannedStageQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.filter(plan__procurement__in=_procurements(user, action))
