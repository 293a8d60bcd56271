"""Every model that holds data about a carer or a cared-for person, in any app, and how it is
merged, anonymised and exported for subject access.

`carer_merge`, `carer_erase` (carers.services) and `subject_access_data` (carers.selectors) read
this declaration instead of lists of their own, and tests/carers/test_personal_data.py walks every
relation to Carer and CaredForPerson in the app registry (history tables, many-to-many tables and
other apps' models included) and fails when a model that reaches one of them is not declared.

Another app declares its models in its own `personal_data.py`, found at start-up like admin.py:

    from carers.personal_data import Merge, PersonalRecord, declare, erased_if_set

    declare(
        PersonalRecord(
            "brokerage.CarePackage",
            carer_path="carer",              # lookup from the model to the carer
            merge=Merge.MOVE,                 # its `carer` follows the surviving record
            anonymise={"needs_summary": erased_if_set("needs_summary")},
            export="care_packages",           # its section of the subject access export
        )
    )

A model's django-simple-history table needs no entry of its own: erasure anonymises the history
rows of every record it anonymises with the same values, and the export includes them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.module_loading import autodiscover_modules

ERASED = "Erased"

# Models whose rows are about a person: every model with a relation to one of these (or to a model
# that has one, and so on) holds data about that person.
PEOPLE = ("carers.Carer", "carers.CaredForPerson")


class Merge(StrEnum):
    """What `carer_merge` does with a model's rows when a duplicate carer is merged into another."""

    MOVE = "move"  # the rows' carer field is repointed at the surviving carer (a history row each)
    FOLLOWS = "follows"  # the rows belong to a declared record that moves (a contact's, a grant's)
    SUBJECT = "subject"  # the person themselves: carer_merge fills gaps and marks the duplicate merged
    DERIVED = "derived"  # kept from the carer row by database triggers (never written from Python)


def erased_if_set(name: str) -> Case:
    """ "Erased" where the text was filled in, empty (or null) where it was not: the row keeps saying
    that something was recorded — NI135 counts contacts with advice given — without saying what."""
    return Case(
        When(Q(**{name: ""}) | Q(**{f"{name}__isnull": True}), then=F(name)),
        default=Value(ERASED),
        output_field=models.TextField(),
    )


@dataclass(frozen=True)
class PersonalRecord:
    """One model holding data about a carer (or the people they care for), and how to treat it."""

    label: str  # "app_label.ModelName"
    carer_path: str  # lookup from the model to its carer: "carer", "grant__carer", "pk" for the carer itself
    merge: Merge
    # field → what erasure writes there: a value, a function of the carer, or a query expression.
    anonymise: Mapping[str, Any] = field(default_factory=dict)
    export: str = ""  # its section of the subject access export; "" only with a reason in `why`
    export_one: bool = False  # the section is one record (the carer), not a list
    export_order: tuple[str, ...] = ("pk",)
    export_exclude: tuple[str, ...] = ()
    export_related: tuple[str, ...] = ()  # select_related() for export_extra
    export_extra: Callable[[models.Model], dict] | None = None  # readable labels beside the ids
    unique_with: str = ""  # merge: a row the survivor already has with the same value here is dropped
    # Which of the carer's rows erasure anonymises, when not all of them (people cared for by others).
    erase_rows: Callable[[Any], QuerySet] | None = None
    # An IdListField naming many carers in one row (an export's access-log row): rows() includes the
    # rows listing the carer, and carer_merge puts the surviving carer's id in the duplicate's place.
    listed_in: str = ""
    why: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def history_model(self) -> type[models.Model] | None:
        """The model's django-simple-history table, if it has one."""
        manager = getattr(self.model._meta, "simple_history_manager_attribute", None)
        return getattr(self.model, manager).model if manager else None

    @property
    def carer_field(self) -> str:
        """The foreign key that Merge.MOVE repoints."""
        return self.carer_path.split("__")[0]

    def rows(self, carer) -> QuerySet:
        """Every row of this model about the carer."""
        if self.listed_in:
            about = Q(**{self.carer_path: carer.pk}) | Q(**{f"{self.listed_in}__has": carer.pk})
            return self.model._default_manager.filter(about).defer(self.listed_in)
        return self.model._default_manager.filter(**{self.carer_path: carer.pk})

    def rows_to_erase(self, carer) -> QuerySet:
        return self.erase_rows(carer) if self.erase_rows else self.rows(carer)


_DECLARED: dict[str, PersonalRecord] = {}


def declare(*records: PersonalRecord) -> None:
    """Add records to the declaration (each app's personal_data module calls this once)."""
    for record in records:
        if not record.export and not record.why:
            raise ValueError(f"{record.label}: say in `why` why it is not in the subject access export.")
        _DECLARED[record.label] = record


@cache
def _discover() -> None:
    autodiscover_modules("personal_data")


def declarations() -> list[PersonalRecord]:
    """Every declared model, in the order declared (carers first)."""
    _discover()
    return list(_DECLARED.values())


def declared_model(model: type[models.Model]) -> type[models.Model]:
    """The model a table belongs to: a history table's model, a many-to-many table's owner."""
    seen = set()
    while model not in seen:
        seen.add(model)
        if getattr(model, "instance_type", None) is not None:  # a django-simple-history table
            model = model.instance_type
        elif model._meta.auto_created:  # a many-to-many table Django made
            model = model._meta.auto_created
        else:
            break
    return model


def personal_models(all_models=None) -> set[type[models.Model]]:
    """Every model holding data about a carer or a cared-for person: the people, and every model with
    a relation (foreign key, one-to-one, many-to-many) to one of them, directly or through another."""
    all_models = list(all_models if all_models is not None else apps.get_models(include_auto_created=True))
    found = {apps.get_model(label) for label in PEOPLE}
    grew = True
    while grew:
        grew = False
        for model in all_models:
            if model in found:
                continue
            for relation in model._meta.get_fields():
                if relation.is_relation and relation.concrete and relation.related_model in found:
                    found.add(model)
                    grew = True
                    break
    return found


def undeclared_models(all_models=None) -> list[str]:
    """Models holding data about a carer or cared-for person that the declaration does not list."""
    declared = {record.label for record in declarations()}
    return sorted(
        model._meta.label for model in personal_models(all_models) if declared_model(model)._meta.label not in declared
    )


# --- The carers app's own models ------------------------------------------------------------------


def _year_of_birth(carer):
    # Keep the year of birth only, so that age-group counts still hold.
    return carer.date_of_birth.replace(month=7, day=1) if carer.date_of_birth else None


def _people_cared_for_by_no_one_else(carer) -> QuerySet:
    from carers.models import CaredForPerson, Carer

    return CaredForPerson.objects.filter(caring_relationships__carer_id=carer.pk).exclude(
        caring_relationships__carer_id__in=Carer.objects.exclude(pk=carer.pk).values("pk")
    )


declare(
    PersonalRecord(
        "carers.Carer",
        carer_path="pk",
        merge=Merge.SUBJECT,
        anonymise={
            "first_name": ERASED,
            "last_name": lambda carer: f"carer {carer.pk}",
            "date_of_birth": _year_of_birth,
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
            "search_keys": "",
        },
        export="carer",
        export_one=True,
        export_exclude=("search_name", "search_phone", "search_postcode", "search_keys"),
        export_extra=lambda carer: {"age_group": carer.get_age_group_display()},
    ),
    PersonalRecord(
        "carers.CarerSearchEntry",
        carer_path="carer",
        merge=Merge.DERIVED,
        why="A copy of the carer's normalised name for the search, kept by database triggers: merged, "
        "restricted and erased records leave it (migration 0007).",
    ),
    PersonalRecord(
        "carers.CaredForPerson",
        carer_path="caring_relationships__carer",
        merge=Merge.FOLLOWS,  # through the caring relationships, which move
        anonymise={"first_name": ERASED, "last_name": "person", "date_of_birth": None, "notes": ""},
        export="cared_for_people",
        export_order=("last_name", "first_name", "pk"),
        export_extra=lambda person: {"conditions": [str(x) for x in person.conditions.all()]},
        # A person someone else also cares for stays readable on that carer's record.
        erase_rows=_people_cared_for_by_no_one_else,
    ),
    PersonalRecord(
        "carers.CaringRelationship",
        carer_path="carer",
        merge=Merge.MOVE,
        unique_with="cared_for",  # both records caring for the same person: one link stays
        export="caring_relationships",
    ),
    PersonalRecord(
        "carers.Contact",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={
            "caller_name": "",
            "caller_phone": "",
            "advice_given": erased_if_set("advice_given"),
            "outcome_notes": erased_if_set("outcome_notes"),
        },
        export="contacts",
        export_order=("contacted_at", "pk"),
        export_related=("reason", "officer"),
        export_extra=lambda contact: {"reason": str(contact.reason), "officer": str(contact.officer or "")},
    ),
    PersonalRecord(
        "carers.Referral",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"note": erased_if_set("note")},
        export="referrals",
    ),
    PersonalRecord(
        "carers.InformationGiven",
        carer_path="contact__carer",
        merge=Merge.FOLLOWS,
        export="information_given",
        export_order=("given_at", "pk"),
        export_related=("entry", "given_by"),
        export_extra=lambda given: {"service": str(given.entry), "given_by": str(given.given_by)},
    ),
    PersonalRecord(
        "carers.Assessment",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={
            "eligible_needs": erased_if_set("eligible_needs"),
            "support_plan": erased_if_set("support_plan"),
            "support_provided": erased_if_set("support_provided"),
        },
        export="assessments",
        export_order=("assessed_on", "pk"),
    ),
    PersonalRecord(
        "carers.ContingencyPlan",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"emergency_contacts": ERASED, "arrangements": erased_if_set("arrangements")},
        export="contingency_plans",
        export_order=("issued_on", "pk"),
    ),
    PersonalRecord(
        "carers.CarerGrant",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"purpose": ERASED, "decision_reason": erased_if_set("decision_reason")},
        export="grants",
        export_order=("applied_on", "pk"),
    ),
    PersonalRecord(
        "carers.VoucherRedemption",
        carer_path="grant__carer",
        merge=Merge.FOLLOWS,
        anonymise={"note": erased_if_set("note")},
        export="voucher_redemptions",
        export_order=("redeemed_on", "pk"),
        export_related=("provider",),
        export_extra=lambda redemption: {"provider_name": str(redemption.provider)},
    ),
    PersonalRecord(
        "carers.SubjectAccessRequest",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"requested_by": "", "notes": erased_if_set("notes")},
        export="subject_access_requests",
    ),
    PersonalRecord(
        "carers.ErasureRequest",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"reason": erased_if_set("reason")},
        export="erasure_requests",
    ),
    PersonalRecord(
        "carers.AccessLog",
        carer_path="carer",
        listed_in="carer_ids",  # an export: one row listing every carer in the file
        merge=Merge.MOVE,
        export="access_log",
        export_exclude=("carer_ids",),  # the other carers in an export are not this carer's data
        export_order=("-at", "-pk"),
        export_related=("user",),
        export_extra=lambda entry: {"who": str(entry.user)},
    ),
)
