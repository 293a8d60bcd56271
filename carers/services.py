"""Every write about carers: register, update, merge, log contacts, referrals, assessments,
contingency plans, access logging, subject access and erasure."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import update_change_reason

from accounts.selectors import area_for_postcode
from carers import choices as c
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
from common.errors import DomainError
from common.writes import model_full_clean as _full_clean
from common.writes import model_save as _save

ERASED = "Erased"


class PossibleDuplicate(DomainError):
    """Registering someone who closely matches existing carers: the user must confirm."""

    def __init__(self, matches: list[Carer]):
        names = ", ".join(f"{m} (born {m.date_of_birth:%d/%m/%Y})" for m in matches[:5])
        super().__init__(
            f"This may be someone already registered: {names}. Check, then confirm to register a new carer.",
            field="confirm_not_duplicate",
            code="possible_duplicate",
        )
        self.matches = matches


def _area_from_postcode(carer: Carer) -> None:
    if carer.area_id is None and carer.postcode:
        carer.area = area_for_postcode(carer.postcode)


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
    _area_from_postcode(carer)
    _full_clean(carer)
    if not confirm_not_duplicate:
        matches = list(possible_duplicates(organisation=organisation, carer=carer))
        if matches:
            raise PossibleDuplicate(matches)
    carer.save()
    return carer


@transaction.atomic
def carer_update(*, carer: Carer, user, **fields) -> Carer:
    """Change a carer's details; the area follows a changed postcode unless one is chosen."""
    carer = Carer.objects.select_for_update().get(pk=carer.pk)
    if carer.status in (c.CarerStatus.ERASED, c.CarerStatus.MERGED):
        raise DomainError("This record was erased or merged and cannot be changed.")
    old_postcode = carer.postcode
    for name, value in fields.items():
        if name not in _CARER_FIELDS:
            raise ValidationError({"__all__": f"Unknown field: {name}."})
        setattr(carer, name, value)
    if "area" not in fields and carer.postcode != old_postcode:
        carer.area = None
    _area_from_postcode(carer)
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
    """Merge `duplicate` into `keep`: every contact, referral, assessment, plan, cared-for link and
    request moves to `keep`; `duplicate` stays (status merged) so both histories remain readable."""
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
    for model in (Contact, Referral, Assessment, ContingencyPlan, SubjectAccessRequest, ErasureRequest):
        for row in model.objects.filter(carer=duplicate):
            row.carer = keep
            row.save()
            update_change_reason(row, note)
    kept_people = set(keep.caring_relationships.values_list("cared_for_id", flat=True))
    for link in duplicate.caring_relationships.all():
        if link.cared_for_id in kept_people:
            link.delete()
        else:
            link.carer = keep
            link.save()
            update_change_reason(link, note)
    AccessLog.objects.filter(carer=duplicate).update(carer=keep)
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
    update_change_reason(duplicate, note)
    return keep


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
        update_change_reason(carer, f"Processing restricted until {retain_until:%d/%m/%Y}: {reason}")
    elif decision == c.ErasureDecision.ERASE:
        carer_erase(carer=carer, user=user)
    return request


@transaction.atomic
def carer_erase(*, carer: Carer, user) -> Carer:
    """Anonymise a carer: their details, their contacts' and records' free text, their history rows
    and search columns. Rows stay, so counts and KPIs (area, age group, hours, source, dates) hold."""
    if not user.has_perm("carers.erase_carer"):
        raise PermissionDenied("Only an administrator may erase a carer's record.")
    pk = carer.pk
    # Keep the year of birth only, so age-group counts still hold.
    dob = carer.date_of_birth.replace(month=7, day=1) if carer.date_of_birth else None
    personal = {
        "first_name": ERASED,
        "last_name": f"carer {pk}",
        "phone": "",
        "email": "",
        "address": "",
        "postcode": "",
        "gp_practice": "",
        "sex": "",
        "ethnicity": "",
        "disability": "",
        "religion": "",
        "sexual_orientation": "",
        "search_name": "",
        "search_phone": "",
        "search_postcode": "",
    }
    # Bulk updates on purpose: saving would write fresh history rows holding the old values.
    Carer.history.filter(id=pk).update(**personal, date_of_birth=dob)
    contact_text = {"caller_name": "", "caller_phone": "", "advice_given": ERASED, "outcome_notes": ""}
    contact_ids = list(Contact.objects.filter(carer_id=pk).values_list("pk", flat=True))
    Contact.objects.filter(pk__in=contact_ids).update(**contact_text)
    Contact.history.filter(id__in=contact_ids).update(**contact_text)
    Referral.objects.filter(carer_id=pk).update(note="")
    Referral.history.filter(carer_id=pk).update(note="")
    assessment_text = {"eligible_needs": ERASED, "support_plan": ERASED, "support_provided": ""}
    Assessment.objects.filter(carer_id=pk).update(**assessment_text)
    Assessment.history.filter(carer_id=pk).update(**assessment_text)
    plan_text = {"emergency_contacts": ERASED, "arrangements": ""}
    ContingencyPlan.objects.filter(carer_id=pk).update(**plan_text)
    ContingencyPlan.history.filter(carer_id=pk).update(**plan_text)
    SubjectAccessRequest.objects.filter(carer_id=pk).update(requested_by="", notes="")
    SubjectAccessRequest.history.filter(carer_id=pk).update(requested_by="", notes="")
    # Cared-for people looked after by nobody else are erased with the carer.
    alone = (
        CaredForPerson.objects.filter(caring_relationships__carer_id=pk)
        .exclude(caring_relationships__carer_id__in=Carer.objects.exclude(pk=pk).values("pk"))
        .values_list("pk", flat=True)
    )
    alone = list(alone)
    person_text = {"first_name": ERASED, "last_name": "person", "date_of_birth": None, "notes": ""}
    CaredForPerson.objects.filter(pk__in=alone).update(**person_text)
    CaredForPerson.history.filter(id__in=alone).update(**person_text)
    Carer.objects.filter(pk=pk).update(**personal, date_of_birth=dob, status=c.CarerStatus.ERASED)
    carer.refresh_from_db()
    carer.save()  # one history row saying it was erased, holding only anonymised values
    update_change_reason(carer, "Erased on request (anonymised)")
    return carer


@transaction.atomic
def reference_save(*, instance, **fields):
    """Create or change an entry of an admin-extensible list (contact reasons, condition categories)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    return _save(instance)
