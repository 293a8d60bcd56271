"""Home-page panels for people who work with carers' records."""

from django.urls import reverse

from carers import selectors
from carers.models import Referral
from common.panels import Panel


def panels(user) -> list[Panel]:
    if not user.has_perm("carers.view_contact"):
        return []
    open_referrals = Referral.objects.visible_to(user).open().count()
    unidentified = selectors.unidentified_contacts(user=user).count()
    return [
        Panel("Open referrals", open_referrals, "Promised on a call and not yet closed", reverse("carers:carer_list")),
        Panel(
            "Unidentified callers", unidentified, "Contacts to link to a carer", reverse("carers:contact_unidentified")
        ),
    ]
