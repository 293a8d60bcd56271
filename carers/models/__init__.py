"""The carers app's models, one module per feature; every model is importable from here."""

from carers.models.assessments import Assessment, ContingencyPlan
from carers.models.carer import CaredForPerson, Carer, CarerSearchEntry, CaringRelationship
from carers.models.contacts import Contact, Referral
from carers.models.dates import today as _today
from carers.models.directory import DirectoryEntry, InformationGiven, InformationGivenQuerySet
from carers.models.grants import CarerGrant, RedemptionQuerySet, VoucherRedemption
from carers.models.imports import CarerImport
from carers.models.kpis import AreaEstimate, KpiIndicator, KpiTarget
from carers.models.privacy import AccessLog, ErasureRequest, SubjectAccessRequest
from carers.models.reference import ConditionCategory, ContactReason, FirstNameForm, ReferenceList

__all__ = [
    "AccessLog",
    "AreaEstimate",
    "Assessment",
    "CaredForPerson",
    "Carer",
    "CarerGrant",
    "CarerImport",
    "CarerSearchEntry",
    "CaringRelationship",
    "ConditionCategory",
    "Contact",
    "ContactReason",
    "ContingencyPlan",
    "DirectoryEntry",
    "ErasureRequest",
    "FirstNameForm",
    "InformationGiven",
    "InformationGivenQuerySet",
    "KpiIndicator",
    "KpiTarget",
    "RedemptionQuerySet",
    "Referral",
    "ReferenceList",
    "SubjectAccessRequest",
    "VoucherRedemption",
    "_today",  # named by applied migrations (0001, 0003) as carers.models._today
]
