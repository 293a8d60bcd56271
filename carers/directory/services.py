"""Writes for the signposting directory: entries, and a service given as information on a contact."""

from django.db import IntegrityError, transaction

from accounts.models import User
from carers.kpis.services import kpi_cache_bump
from carers.models import Contact, DirectoryEntry, InformationGiven
from common.errors import DomainError
from common.writes import model_save


@transaction.atomic
def directory_entry_save(*, entry: DirectoryEntry | None = None, **fields) -> DirectoryEntry:
    """Create a directory entry, or change one."""
    return model_save(entry or DirectoryEntry(), **fields)


def information_given_record(*, contact: Contact, entry: DirectoryEntry, user: User) -> InformationGiven:
    """Record that a directory service was given to the caller as information on this contact."""
    if not entry.is_active:
        raise DomainError("This service is no longer listed.", field="entry")
    try:
        with transaction.atomic():
            given = InformationGiven(contact=contact, entry=entry, given_by=user)
            given.full_clean(validate_constraints=False)
            given.save()
    except IntegrityError as exc:  # two clicks at once: the unique constraint decides
        raise DomainError("This service was already recorded as given on this contact.", field="entry") from exc
    kpi_cache_bump(organisation_id=contact.organisation_id)  # NI135 counts information given
    return given
