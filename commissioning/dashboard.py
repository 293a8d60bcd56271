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
    return found + procurement_panels(user)


def procurement_panels(user) -> list[Panel]:
    """The pipeline's open procurements and the open risks rated high or very high."""
    from commissioning import procurement_selectors
    from commissioning.choices import ENDED_STAGES, RiskStatus
    from commissioning.models import Procurement, Risk

    if not user.has_perm("commissioning.view_procurement"):
        return []
    running = Procurement.objects.visible_to(user).exclude(stage__in=ENDED_STAGES).count()
    late = Procurement.objects.visible_to(user).late().count()
    board = reverse("commissioning:procurement_list")
    high = Risk.objects.visible_to(user).with_rating().filter(status=RiskStatus.OPEN, rating_value__gte=10).count()
    return [
        Panel("Procurements under way", running, "By stage on the pipeline", board),
        Panel("Procurements late against their plan", late, "Past a stage's planned start", f"{board}?late=true"),
        Panel(
            "High and very high risks",
            high,
            "Open risks rated 10 or more: the matrix",
            reverse("commissioning:risk_list"),
        ),
        # The open risks' matrix with its table, below the tiles.
        Panel(
            "Risk matrix",
            "",
            include="commissioning/includes/_dashboard_risks.html",
            data=procurement_selectors.risk_matrix(user),
        ),
    ]
