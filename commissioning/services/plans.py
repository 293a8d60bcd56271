"""Writes of procurement plans: templates (reference data), a procurement's plan (scheduled
backwards from the date its new contract must start), and planning a contract's re-procurement.
The rules themselves are in commissioning/plans.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning import plans
from commissioning.choices import ENDED_STAGES, PLANNED_STAGES, STAGE_ORDER, DurationUnit, Stage
from commissioning.models import (
    Contract,
    PlannedStage,
    PlanTemplate,
    PlanTemplateStage,
    Procurement,
    ProcurementPlan,
)
from commissioning.models.contracts import EARLIEST, date_range_errors
from commissioning.querysets import CHANGE
from commissioning.services.procurements import editable_procurement, procurement_create
from common.errors import DomainError
from common.writes import model_save


def _require(user, *permissions: str) -> None:
    if not user.has_perms(permissions):
        raise PermissionDenied


# --- Templates ---------------------------------------------------------------------------------
@transaction.atomic
def plan_template_save(
    *,
    user,
    template: PlanTemplate | None = None,
    name: str,
    route: str,
    durations: dict[str, tuple[int | None, str]],
    description: str = "",
    is_active: bool = True,
) -> PlanTemplate:
    """Add or change one of the user's organisation's plan templates: a duration (days or weeks)
    for each stage the route goes through (plans.template_errors). Plans made from it keep their
    dates until they are rescheduled."""
    _require(user, "commissioning.change_plantemplate" if template else "commissioning.add_plantemplate")
    if template is not None:
        try:
            template = PlanTemplate.objects.visible_to(user, CHANGE).select_for_update().get(pk=template.pk)
        except PlanTemplate.DoesNotExist:
            raise DomainError("Only the organisation keeping this template can change it.") from None
    elif not user.organisation_id:
        raise DomainError("Only an organisation's commissioners and administrators keep its plan templates.")
    errors = plans.template_errors(route, durations)
    if errors:
        raise ValidationError(errors)
    template = model_save(
        template or PlanTemplate(organisation_id=user.organisation_id),
        name=name,
        route=route,
        description=description,
        is_active=is_active,
    )
    template.stages.all().delete()
    for stage in PLANNED_STAGES:
        value, unit = durations.get(stage, (None, DurationUnit.WEEKS))
        if value is not None:
            model_save(PlanTemplateStage(template=template, stage=stage), duration=value, unit=unit or "weeks")
    return template


def template_stages(template: PlanTemplate) -> list[tuple[str, int]]:
    """A template's stages in pipeline order with their durations in days."""
    rows = sorted(template.stages.all(), key=lambda row: STAGE_ORDER[row.stage])
    return [(row.stage, row.days) for row in rows]


# --- A procurement's plan ----------------------------------------------------------------------
def _usable_template(user, template: PlanTemplate, procurement: Procurement) -> PlanTemplate:
    found = PlanTemplate.objects.visible_to(user).filter(pk=template.pk, is_active=True).first()
    if found is None:
        raise ValidationError({"template": "Choose one of the plan templates offered."})
    if found.route != procurement.route:
        raise ValidationError(
            {
                "template": f"{found} is a template for the {found.get_route_display().lower()}; this procurement "
                f"is a {procurement.get_route_display().lower()}."
            }
        )
    return found


@transaction.atomic
def procurement_plan_save(
    *, user, procurement: Procurement, template: PlanTemplate, must_start_on: date, today: date | None = None
) -> ProcurementPlan:
    """Plan a procurement (or change its plan): its template and the date the new contract must
    start; every stage is (re)scheduled backwards from that date with the template's durations.
    A new plan's must-start date, or a changed one, cannot be in the past."""
    _require(user, "commissioning.change_procurement", "commissioning.add_procurementplan")
    procurement = editable_procurement(user, procurement)
    if procurement.stage in ENDED_STAGES:
        raise DomainError(f"This procurement is {procurement.get_stage_display().lower()}: it needs no plan.")
    template = _usable_template(user, template, procurement)
    today = today or timezone.localdate()
    plan = ProcurementPlan.objects.select_for_update().filter(procurement=procurement).first()
    if must_start_on is None:
        raise ValidationError({"must_start_on": "Enter the date the new contract must start."})
    errors = date_range_errors(must_start_on=must_start_on)
    if not errors and (plan is None or plan.must_start_on != must_start_on):
        problem = plans.must_start_error(must_start_on, today)
        if problem:
            errors["must_start_on"] = problem
    if errors:
        raise ValidationError(errors)
    stages = template_stages(template)
    if not stages:
        raise ValidationError({"template": "This template has no stages: give its stages their durations first."})
    # Checked before scheduling, so that the date arithmetic never leaves the calendar.
    if (must_start_on - EARLIEST).days < sum(days for _, days in stages):
        raise ValidationError({"must_start_on": "The plan would start before 1980: enter a later date."})
    scheduled = plans.schedule(stages, must_start_on)
    plan = model_save(
        plan or ProcurementPlan(procurement=procurement, created_by=user),
        template=template,
        must_start_on=must_start_on,
        reason=f"Planned with {template} for a new contract from {must_start_on:%d/%m/%Y}",
    )
    plan.stages.all().delete()
    PlannedStage.objects.bulk_create(
        PlannedStage(
            plan=plan, stage=row.stage, position=STAGE_ORDER[row.stage], starts_on=row.starts_on, ends_on=row.ends_on
        )
        for row in scheduled
    )
    return plan


# --- Re-procurement of a contract --------------------------------------------------------------
def _reference(organisation_id: int, base: str) -> str:
    """`base`-RP, or -RP2, -RP3... where the organisation already has that reference."""
    taken = set(
        Procurement.objects.filter(organisation_id=organisation_id, reference__startswith=f"{base}-RP")[
            :1000
        ].values_list("reference", flat=True)
    )
    for n in range(1, 1001):
        reference = f"{base}-RP" if n == 1 else f"{base}-RP{n}"
        if reference not in taken:
            return reference[:40]
    raise DomainError("Enter a reference for the procurement.", field="reference")


@transaction.atomic
def contract_reprocure(
    *,
    user,
    contract: Contract,
    template: PlanTemplate,
    reference: str = "",
    title: str = "",
    today: date | None = None,
) -> ProcurementPlan:
    """Plan the re-procurement of a live contract with no extension option left: a procurement
    linked to the contract (kept by the user's organisation, owned by the user, for the same
    partners, service lines and funding streams, on the template's route) with a plan whose new
    contract must start the day after the contract runs out."""
    _require(user, "commissioning.add_procurement", "commissioning.add_procurementplan")
    today = today or timezone.localdate()
    try:
        contract = (
            Contract.objects.visible_to(user, CHANGE)
            .with_current()
            .select_for_update(of=("self",))
            .prefetch_related("service_lines", "funding_streams", "on_behalf_of")
            .get(pk=contract.pk)
        )
    except Contract.DoesNotExist:
        raise DomainError(
            "Only the commissioners of the accountable body can plan this contract's re-procurement."
        ) from None
    refusal = plans.reprocurement_refusal(contract, today)
    if refusal:
        raise DomainError(refusal)
    under_way = contract.reprocurements.exclude(stage=Stage.CANCELLED).first()
    if under_way is not None:
        raise DomainError(f"Its re-procurement is already planned: {under_way}.")
    usable = PlanTemplate.objects.visible_to(user).filter(pk=getattr(template, "pk", None), is_active=True).first()
    if usable is None:
        raise ValidationError({"template": "Choose one of the plan templates offered."})
    must_start_on = plans.reprocurement_start(contract)
    procurement = procurement_create(
        user=user,
        reference=(reference or "").strip() or _reference(user.organisation_id, contract.reference),
        title=(title or "").strip() or f"Re-procurement: {contract.title}"[:200],
        route=usable.route,
        owner=user,
        estimated_value=contract.current.total_value,
        tupe_applies=contract.tupe_applies,
        description=f"Re-procurement of {contract}, which runs out on {contract.current.end:%-d %B %Y}.",
        service_lines=list(contract.service_lines.all()),
        funding_streams=list(contract.funding_streams.all()),
        run_for=[o for o in contract.on_behalf_of.all() if o.pk != user.organisation_id],
        replaces=contract,
    )
    return procurement_plan_save(
        user=user, procurement=procurement, template=usable, must_start_on=must_start_on, today=today
    )
