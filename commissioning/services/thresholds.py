"""The scheme of delegation: which decision a change of a given value needs."""

from decimal import Decimal

from commissioning.choices import ThresholdAppliesTo
from commissioning.models import DecisionThreshold


def threshold_for(*, organisation_id: int, value: Decimal, applies_to: str) -> DecisionThreshold | None:
    """The highest threshold `value` is over, for a change of this kind (extension or variation):
    the organisation's own thresholds where it has any, else the deployment's defaults (no
    organisation). None when no decision above the commissioner's own is needed."""
    kinds = [applies_to, ThresholdAppliesTo.ANY]
    own = DecisionThreshold.objects.filter(organisation_id=organisation_id)
    thresholds = own if own.exists() else DecisionThreshold.objects.filter(organisation__isnull=True)
    return thresholds.filter(applies_to__in=kinds, over_value__lt=abs(value)).order_by("-over_value").first()


def threshold_save(*, user, threshold: DecisionThreshold | None = None, **fields) -> DecisionThreshold:
    """Add or change one of the administrator's organisation's thresholds."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from common.writes import model_save

    if not user.has_perm("commissioning.change_decisionthreshold"):
        raise PermissionDenied
    with transaction.atomic():
        threshold = threshold or DecisionThreshold(organisation_id=user.organisation_id)
        return model_save(threshold, **fields)
