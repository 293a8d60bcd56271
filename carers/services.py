"""Every write about carers: register, update, merge, log contacts, referrals, assessments,
contingency plans, access logging, subject access and erasure."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.selectors import area_for_postcode
from carers import choices as c
from carers import personal_data
from carers.kpis.services import kpi_cache_bump
from carers.models import (
    AccessLog,
    Assessment,
    CaredForPerson,
    Carer,
    CaringRelationship,
    ConditionCategory,
    Contact,
    ContactReason,
    ContingencyPlan,
    ErasureRequest,
    Referral,
    SubjectAccessRequest,
)
from carers.validators import normalise_postcode
from common.errors import DomainError
from common.history import record_change_reason
from common.id_list import id_list_replace
from common.writes import model_full_clean as _full_clean
from common.writes import model_save as _save

ERASED = personal_data.ERASED


class PossibleDuplicate(DomainError):
    """Registering someone who closely matches existing carers: the user must confirm."""

    def __init__(self, matches: list[Carer]):
        names = ", ".join(
            f"{m} (born {m.date_of_birth:%d/%m/%Y})" if m.date_of_birth else f"{m} (date of birth not known)"
            for m in matches[:5]
        )
        super().__init__(
            f"This may be someone already registered: {names}. Check, then confirm to register a new carer.",
            field="confirm_not_duplicate",
            code="possible_duplicate",
        )
        self.matches = matches


def _place_in_area(carer: Carer, *, area_chosen: bool) -> None:
    """A carer's area is one of their own council's areas.

    A chosen area of another council is refused on the area field. With no area chosen, the
    area is found from the postcode among the council's own areas; a postcode outside all of
    them is kept, with the area left empty and the record flagged for review (area_review)."""
    if carer.area_id is not None and area_chosen:
        if carer.area.council_id != carer.organisation_id:
            raise ValidationError(
                {"area": f"Choose one of {carer.organisation}'s areas: this area belongs to another council."}
            )
        carer.area_review = False
        return
    if carer.area_id is None and carer.postcode:
        carer.area = area_for_postcode(carer.postcode, council_id=carer.organisation_id)
        carer.area_review = carer.area is None
    elif not carer.postcode:
        carer.area_review = False


_CARER_FIELDS = {f.name for f in Carer._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created} - {
    "organisation",
    "status",
    "created_at",
    "updated_at",
}


@transaction.atomic
def carer_register(*, user, confirm_not_duplicate: bool = False, organisation=None, **fields) -> Carer:
    """Register a carer for the user's organisation. Close matches raise PossibleDuplicate unless confirmed."""
    from carers.selectors import possible_duplicates

    unknown = set(fields) - _CARER_FIELDS
    if unknown:
        raise ValidationError({"__all__": f"Unknown fields: {', '.join(sorted(unknown))}."})
    organisation = organisation or user.organisation
    if organisation is None:
        raise DomainError("Only an officer of a council can register carers.")
    carer = Carer(organisation=organisation, **fields)
    _place_in_area(carer, area_chosen=True)
    _full_clean(carer)
    if not confirm_not_duplicate:
        matches = list(possible_duplicates(organisation=organisation, carer=carer))
        if matches:
            raise PossibleDuplicate(matches)
    carer.save()
    kpi_cache_bump(organisation_id=carer.organisation_id)
    return carer


@transaction.atomic
def carer_update(*, carer: Carer, user, **fields) -> Carer:
    """Change a carer's details; the area follows a changed postcode unless one is chosen."""
    carer = Carer.objects.select_for_update().get(pk=carer.pk)
    if carer.status in (c.CarerStatus.ERASED, c.CarerStatus.MERGED):
        raise DomainError("This record was erased or merged and cannot be changed.")
    old_postcode = carer.postcode
    old_area_id = carer.area_id
    for name, value in fields.items():
        if name not in _CARER_FIELDS:
            raise ValidationError({"__all__": f"Unknown field: {name}."})
        setattr(carer, name, value)
    if "area" not in fields and normalise_postcode(carer.postcode) != normalise_postcode(old_postcode):
        carer.area = None
    _place_in_area(carer, area_chosen="area" in fields and carer.area_id != old_area_id)
    kpi_cache_bump(organisation_id=carer.organisation_id)  # area, identified on, source are counted
    return _save(carer)


@transaction.atomic
def cared_for_add(
    *,
    carer: Carer,
    user,
    relationship: str,
    cared_for: CaredForPerson | None = None,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    conditions: list[ConditionCategory] | None = None,
    notes: str = "",
    lives_with_carer: bool = False,
    is_main_carer: bool = True,
) -> CaringRelationship:
    """Record that a carer cares for a person: an existing cared-for person, or a new one."""
    if cared_for is None:
        cared_for = _save(
            CaredForPerson(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, notes=notes)
        )
        if conditions:
            cared_for.conditions.set(conditions)
    link = CaringRelationship(
        carer=carer,
        cared_for=cared_for,
        relationship=relationship,
        lives_with_carer=lives_with_carer,
        is_main_carer=is_main_carer,
    )
    return _save(link)


@transaction.atomic
def cared_for_update(*, person: CaredForPerson, user, conditions=None, **fields) -> CaredForPerson:
    """Change a cared-for person's details and condition categories."""
    for name, value in fields.items():
        setattr(person, name, value)
    _save(person)
    if conditions is not None:
        person.conditions.set(conditions)
    return person


def _close_referrals(referrals, *, contact: Contact | None = None, assessment: Assessment | None = None) -> int:
    now = timezone.now()
    closed = 0
    for referral in referrals:
        referral.status = c.ReferralStatus.CLOSED
        referral.closed_at = now
        referral.closed_by_contact = contact
        referral.closed_by_assessment = assessment
        _save(referral, reason="Closed by a later contact" if contact else "Closed by an assessment")
        closed += 1
    return closed


def _touch_last_contact(carer_id: int) -> None:
    last = Contact.objects.filter(carer_id=carer_id).aggregate(last=Max("contacted_at"))["last"]
    Carer.objects.filter(pk=carer_id).update(last_contact_at=last)


@transaction.atomic
def contact_log(
    *,
    user,
    reason: ContactReason,
    outcome: str,
    carer: Carer | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    channel: str = c.Channel.PHONE,
    contacted_at: datetime | None = None,
    advice_given: str = "",
    outcome_notes: str = "",
    referrals: list[str] | None = None,
    close_referrals: list[Referral] | None = None,
) -> Contact:
    """Log one contact with its referrals; it may close the carer's open referrals."""
    if carer is None and not (caller_name or caller_phone):
        raise ValidationError({"caller_name": "Give the caller's name or phone number, or choose the carer."})
    if carer is not None and carer.status != c.CarerStatus.ACTIVE:
        raise DomainError("Contacts cannot be logged on a restricted, erased or merged record.")
    contact = Contact(
        carer=carer,
        caller_name=caller_name,
        caller_phone=caller_phone,
        channel=channel,
        contacted_at=contacted_at or timezone.now(),
        officer=user,
        organisation_id=carer.organisation_id if carer else user.organisation_id,
        reason=reason,
        advice_given=advice_given,
        outcome=outcome,
        outcome_notes=outcome_notes,
    )
    # The related rows were loaded by the caller and the one check constraint that is not a
    # field choice is checked above, so full_clean skips the existence and constraint queries:
    # logging a contact is the CSC's most frequent write (target 100 ms).
    _full_clean(contact, exclude=["carer", "officer", "organisation", "reason"], validate_constraints=False)
    contact.save()
    for kind in dict.fromkeys(referrals or []):
        if kind not in c.ReferralKind.values:
            raise ValidationError({"referrals": f"Unknown referral: {kind}."})
        # A new contact cannot already have this referral (kinds are de-duplicated above).
        referral = Referral(contact=contact, carer=carer, organisation_id=contact.organisation_id, kind=kind)
        _full_clean(
            referral, exclude=["contact", "carer", "organisation"], validate_unique=False, validate_constraints=False
        )
        referral.save()
    if close_referrals:
        foreign = [r for r in close_referrals if r.carer_id is None or r.carer_id != getattr(carer, "pk", None)]
        if foreign:
            raise DomainError("A contact can only close this carer's own referrals.", field="close_referrals")
        _close_referrals([r for r in close_referrals if r.status == c.ReferralStatus.OPEN], contact=contact)
    # Only ever moves forward: a contact logged late for an earlier date keeps the latest.
    if carer is not None and (carer.last_contact_at is None or contact.contacted_at > carer.last_contact_at):
        Carer.objects.filter(pk=carer.pk).update(last_contact_at=contact.contacted_at)
        carer.last_contact_at = contact.contacted_at
    if carer is not None:  # NI135 counts a carer's contacts (an unidentified caller's wait for the link)
        kpi_cache_bump(organisation_id=contact.organisation_id)
    return contact


@transaction.atomic
def contact_link(*, contact: Contact, carer: Carer, user) -> Contact:
    """Link an unidentified caller's contact (and its referrals) to the carer once identified."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.carer_id is not None:
        raise DomainError("This contact is already linked to a carer.", field="carer")
    if carer.organisation_id != contact.organisation_id:
        raise DomainError("The carer is held by another organisation.", field="carer")
    contact.carer = carer
    _save(contact, reason=f"Linked to carer {carer.pk}")
    for referral in contact.referrals.all():
        referral.carer = carer
        _save(referral, reason=f"Linked to carer {carer.pk}")
    _touch_last_contact(carer.pk)
    kpi_cache_bump(organisation_id=contact.organisation_id)
    return contact


@transaction.atomic
def referral_close(*, referral: Referral, user, contact: Contact | None = None) -> Referral:
    """Close an open referral by hand (a later contact or assessment usually does it)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != c.ReferralStatus.OPEN:
        raise DomainError("This referral is already closed.")
    _close_referrals([referral], contact=contact)
    return referral


# An assessment or a contingency plan fulfils the referral that asked for it.
_FULFILS = {"assessment": c.ReferralKind.CARERS_ASSESSMENT, "plan": c.ReferralKind.EMERGENCY_CARD}


@transaction.atomic
def assessment_save(*, user, carer: Carer | None = None, assessment: Assessment | None = None, **fields) -> Assessment:
    """Record a carers assessment (or change one); a new one closes the carer's open assessment referrals."""
    creating = assessment is None
    if creating:
        if carer is None:
            raise ValidationError({"carer": "Choose the carer."})
        if carer.status != c.CarerStatus.ACTIVE:
            raise DomainError("Assessments cannot be added to a restricted, erased or merged record.")
        assessment = Assessment(carer=carer)
    fields.setdefault("outcome", assessment.outcome or c.AssessmentOutcome.PENDING)
    for name, value in fields.items():
        setattr(assessment, name, value)
    if creating and assessment.assessor_id is None:
        assessment.assessor = user
    _save(assessment)
    if creating:
        _close_referrals(
            Referral.objects.open().filter(carer=assessment.carer, kind=_FULFILS["assessment"]),
            assessment=assessment,
        )
    kpi_cache_bump(organisation_id=assessment.carer.organisation_id)
    return assessment


@transaction.atomic
def contingency_plan_save(
    *, user, carer: Carer | None = None, plan: ContingencyPlan | None = None, **fields
) -> ContingencyPlan:
    """Record an emergency contingency plan and card (or change one); closes open emergency-card referrals."""
    creating = plan is None
    if creating:
        if carer is None:
            raise ValidationError({"carer": "Choose the carer."})
        plan = ContingencyPlan(carer=carer)
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan)
    if creating:
        referrals = Referral.objects.open().filter(carer=plan.carer, kind=_FULFILS["plan"])
        now = timezone.now()
        for referral in referrals:
            referral.status, referral.closed_at = c.ReferralStatus.CLOSED, now
            _save(referral, reason="Closed by an emergency contingency plan")
    return plan


@transaction.atomic
def carer_merge(*, keep: Carer, duplicate: Carer, user, reason: str) -> Carer:
    """Merge `duplicate` into `keep`: every record carers.personal_data declares as moving (contacts,
    referrals, assessments, plans, grants, cared-for links, requests, access log...) moves to `keep`;
    `duplicate` stays (status merged) so both histories remain readable."""
    if keep.pk == duplicate.pk:
        raise DomainError("Choose two different records to merge.", field="duplicate")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these records are the same person."})
    # Lock both rows in id order so two merges of the same pair cannot deadlock.
    locked = {
        carer.pk: carer
        for carer in Carer.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.organisation_id != duplicate.organisation_id:
        raise DomainError("Both records must be held by the same organisation.", field="duplicate")
    for carer in (keep, duplicate):
        if carer.status != c.CarerStatus.ACTIVE:
            raise DomainError(f"{carer} is not an active record and cannot be merged.", field="duplicate")
    note = f"Merged from carer {duplicate.pk} into {keep.pk}: {reason.strip()}"
    for record in personal_data.declarations():
        if record.merge == personal_data.Merge.MOVE:
            _merge_move(record, keep=keep, duplicate=duplicate, note=note)
    # Records merged into the duplicate earlier now point at the record that survives.
    Carer.objects.filter(merged_into=duplicate).update(merged_into=keep)
    # Fill gaps in the kept record from the duplicate, never overwrite what is there.
    for name in ("phone", "email", "address", "postcode", "gp_practice", "employment"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    if keep.area_id is None:
        keep.area_id = duplicate.area_id
    keep.last_contact_at = max(filter(None, [keep.last_contact_at, duplicate.last_contact_at]), default=None)
    _save(keep, reason=note)
    duplicate.status = c.CarerStatus.MERGED
    duplicate.merged_into = keep
    duplicate.save()
    record_change_reason(duplicate, note)
    kpi_cache_bump(organisation_id=keep.organisation_id)
    return keep


def _merge_move(record: personal_data.PersonalRecord, *, keep: Carer, duplicate: Carer, note: str) -> None:
    """Repoint one declared model's rows from `duplicate` to `keep`; a row the kept record already has
    (the same value of `unique_with`) is dropped instead. Rows listing many carers (an export's
    access-log row) list the kept carer in the duplicate's place."""
    model, name = record.model, record.carer_field
    if record.listed_in:
        id_list_replace(model._default_manager.all(), record.listed_in, old=duplicate.pk, new=keep.pk)
    rows = model._default_manager.filter(**{name: duplicate})
    taken: set = set()
    if record.unique_with:
        attname = model._meta.get_field(record.unique_with).attname
        taken = set(model._default_manager.filter(**{name: keep}).values_list(attname, flat=True))
    if record.history_model is None and not taken:
        rows.update(**{name: keep})  # no history to write: one statement
        return
    for row in rows.order_by("pk"):
        if record.unique_with and getattr(row, attname) in taken:
            row.delete()
            continue
        setattr(row, name, keep)
        row.save()
        if record.history_model is not None:
            record_change_reason(row, note)


def access_log_record(*, carer_id: int, user, action: str = c.AccessAction.VIEWED, path: str = "") -> AccessLog:
    """Write one access-log row. Called outside any transaction a refusal may roll back."""
    return AccessLog.objects.create(carer_id=carer_id, user=user, action=action, path=path[:300])


@transaction.atomic
def sar_register(
    *, carer: Carer, user, received_on: date, requested_by: str = "", notes: str = ""
) -> SubjectAccessRequest:
    """Register a subject access request; its deadline is one calendar month after receipt."""
    return _save(SubjectAccessRequest(carer=carer, received_on=received_on, requested_by=requested_by, notes=notes))


@transaction.atomic
def sar_complete(*, sar: SubjectAccessRequest, user, completed_on: date | None = None) -> SubjectAccessRequest:
    """Mark a subject access request answered."""
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.completed_on:
        raise DomainError("This request was already answered.")
    sar.completed_on = completed_on or timezone.localdate()
    return _save(sar)


@transaction.atomic
def erasure_request_register(*, carer: Carer, user, received_on: date, reason: str = "") -> ErasureRequest:
    """Record a request to erase a carer's data, to be decided by someone who may erase."""
    return _save(ErasureRequest(carer=carer, received_on=received_on, reason=reason))


@transaction.atomic
def erasure_decide(
    *, request: ErasureRequest, user, decision: str, reason: str, retain_until: date | None = None
) -> ErasureRequest:
    """Decide an erasure request: erase (anonymise now), restrict (hide while retention applies) or refuse."""
    if not user.has_perm("carers.erase_carer"):
        raise PermissionDenied("Only an administrator may decide erasure requests.")
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != c.ErasureDecision.PENDING:
        raise DomainError("This request was already decided.")
    if decision == c.ErasureDecision.PENDING:
        raise ValidationError({"decision": "Choose a decision."})
    request.decision, request.reason, request.retain_until, request.decided_by = decision, reason, retain_until, user
    request.done_on = timezone.localdate()
    _save(request)
    carer = Carer.objects.select_for_update().get(pk=request.carer_id)
    if decision == c.ErasureDecision.RESTRICT:
        carer.status = c.CarerStatus.RESTRICTED
        carer.save()
        record_change_reason(carer, f"Processing restricted until {retain_until:%d/%m/%Y}: {reason}")
    elif decision == c.ErasureDecision.ERASE:
        carer_erase(carer=carer, user=user)
    return request


@transaction.atomic
def carer_erase(*, carer: Carer, user) -> Carer:
    """Anonymise a carer: every field carers.personal_data lists, in every declared model (the carer,
    their contacts, grants, assessments... and the people only they care for), in the live rows and
    in their history rows (change reasons included). Rows stay, so counts and KPIs (area, year of
    birth, hours, source, dates, whether advice was given) hold."""
    if not user.has_perm("carers.erase_carer"):
        raise PermissionDenied("Only an administrator may erase a carer's record.")
    carer = Carer.objects.select_for_update().get(pk=carer.pk)
    # Records merged into this one are the same person's: they go too (carer_merge repoints chains).
    merged = list(Carer.objects.select_for_update().filter(merged_into=carer).order_by("pk"))
    for subject in [carer, *merged]:
        for record in personal_data.declarations():
            if record.anonymise:
                _erase_rows(record, subject)
    Carer.objects.filter(pk=carer.pk).update(status=c.CarerStatus.ERASED)
    carer.refresh_from_db()
    carer.save()  # one history row saying it was erased, holding only anonymised values
    record_change_reason(carer, "Erased on request (anonymised)")
    kpi_cache_bump(organisation_id=carer.organisation_id)
    return carer


def _erase_rows(record: personal_data.PersonalRecord, carer: Carer) -> None:
    """Write one declared model's anonymised values over the carer's rows and their history rows."""
    values = {
        name: value(carer) if callable(value) and not hasattr(value, "resolve_expression") else value
        for name, value in record.anonymise.items()
    }
    ids = list(record.rows_to_erase(carer).values_list("pk", flat=True))
    if not ids:
        return
    # Bulk updates on purpose: saving would write fresh history rows holding the old values.
    record.model._default_manager.filter(pk__in=ids).update(**values)
    if record.history_model is not None:
        reason = personal_data.erased_if_set("history_change_reason")  # reasons are typed free text
        record.history_model.objects.filter(id__in=ids).update(**values, history_change_reason=reason)


@transaction.atomic
def reference_save(*, instance, **fields):
    """Create or change an entry of an admin-extensible list (contact reasons, condition categories)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    return _save(instance)
