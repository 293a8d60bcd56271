"""The commissioner's home page: it leads with the contracts whose decision is due soonest."""

from urllib.parse import urlencode

from django.urls import reverse

from commissioning import selectors
from common.panels import Panel


def panels(user) -> list[Panel]:
    if not user.has_perm("commissioning.change_contract"):
        return []
    register = reverse("commissioning:contract_list")
    found = [
        Panel(
            f"Decision due: {contract.reference}",
            f"{contract.decision_due_by:%-d %b %Y}",
            f"{contract.title}, ends {contract.current.end:%-d %b %Y}; "
            f"{len(contract.options_left)} extension option{'s' if len(contract.options_left) != 1 else ''} left",
            contract.get_absolute_url(),
        )
        for contract in selectors.decisions_due(user, months=12, limit=3)
    ]
    expiring = selectors.contract_list(user).expiring_within(6).count()
    decisions = selectors.contract_list(user).decision_due_within(6).count()
    notices = selectors.notices_due(user).count()
    found += [
        Panel(
            "Decisions due within 6 months",
            decisions,
            "Extend or re-procure",
            f"{register}?{urlencode({'decision_due_within': 6})}",
        ),
        Panel(
            "Expiring within 6 months", expiring, "Live contracts", f"{register}?{urlencode({'expiring_within': 6})}"
        ),
        Panel("Notices to publish", notices, "Procurement Act UK10/UK11", reverse("commissioning:contract_notices")),
    ]
    return found
