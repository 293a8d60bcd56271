"""Writes for providers: a provider organisation's commissioning details and accreditations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import Organisation
from commissioning.models import Accreditation, ProviderProfile
from common.writes import model_save


@transaction.atomic
def provider_profile_save(*, user, organisation: Organisation, services=None, **fields) -> ProviderProfile:
    """Create or change a provider's charity/company numbers, services offered and notes."""
    if not user.has_perm("commissioning.change_providerprofile"):
        raise PermissionDenied
    profile = ProviderProfile.objects.select_for_update().filter(organisation=organisation).first()
    profile = model_save(profile or ProviderProfile(organisation=organisation), **fields)
    if services is not None:
        profile.services.set(services)
    return profile


@transaction.atomic
def accreditation_save(*, user, provider: ProviderProfile, accreditation: Accreditation | None = None, **fields):
    """Record or change a provider's accreditation (scheme, status, award and expiry dates)."""
    if not user.has_perm("commissioning.change_accreditation"):
        raise PermissionDenied
    return model_save(accreditation or Accreditation(provider=provider), **fields)
