"""Home-page panels for people who work with carers' records."""

from django.urls import reverse

from carers import selectors
from carers.models import Referral
from carers.querysets import brokerage_organisation
from common.panels import Panel


def panels(user) -> list[Panel]:
    if not user.has_perm("carers.view_contact"):
        organisation = brokerage_organisation(user)
        if organisation is None:
            return []
        waiting = selectors.brokerage_referrals_waiting(organisation)
        return [Panel("Referred to brokerage", waiting, "Carers waiting for brokerage", reverse("carers:carer_list"))]
    open_referrals = Referral.objects.visible_to(user).open().count()
    unidentified = selectors.unidentified_contacts(user=user).count()
    return [
        Panel("Open referrals", open_referrals, "Promised on a call and not yet closed", reverse("carers:carer_list")),
        Panel(
            "Unidentified callers", unidentified, "Contacts to link to a carer", reverse("carers:contact_unidentified")
        ),
    ]
