"""Home-page panels for people who work with carers' records."""

from urllib.parse import urlencode

from django.urls import reverse

from carers import choices as c
from carers import selectors
from carers.filters import ANY_KIND
from carers.querysets import brokerage_organisation
from common.panels import Panel


def _carers_with_open_referrals(user, kind: str) -> tuple[int, str]:
    """How many carers of the list have an open referral of `kind` (or any), and the link to the
    list filtered to exactly those rows."""
    count = selectors.carers_with_open_referrals(user=user, kind=None if kind == ANY_KIND else kind).count()
    return count, f"{reverse('carers:carer_list')}?{urlencode({'open_referral': kind})}"


def panels(user) -> list[Panel]:
    if not user.has_perm("carers.view_contact"):
        if brokerage_organisation(user) is None:
            return []
        waiting, url = _carers_with_open_referrals(user, c.ReferralKind.BROKERAGE)
        return [Panel("Referred to brokerage", waiting, "Carers waiting for brokerage", url)]
    open_referrals, url = _carers_with_open_referrals(user, ANY_KIND)
    unidentified = selectors.unidentified_contacts(user=user).count()
    return [
        Panel("Open referrals", open_referrals, "Carers with a referral promised on a call and not yet closed", url),
        Panel(
            "Unidentified callers", unidentified, "Contacts to link to a carer", reverse("carers:contact_unidentified")
        ),
    ]
