"""Home-page panels for commissioners: the consultation actions overdue and due soon come first."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from common.panels import Panel
from consultations import selectors

DUE_SOON_DAYS = 28


def panels(user) -> list[Panel]:
    if not user.has_perm("consultations.view_consultationaction"):
        return []
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    actions = selectors.action_list(user).still_open()
    overdue = actions.filter(due_on__lt=today).count()
    due_soon = actions.filter(due_on__gte=today, due_on__lte=soon).count()
    base = reverse("consultations:action_list")
    return [
        Panel(
            "Consultation actions overdue",
            overdue,
            '"You said, we did" actions past their due date',
            f"{base}?{urlencode({'overdue': 'true'})}",
        ),
        Panel(
            "Consultation actions due in 4 weeks",
            due_soon,
            "Open actions falling due soon",
            f"{base}?{urlencode({'due_from': today.isoformat(), 'due_to': soon.isoformat(), 'still_open': 'true'})}",
        ),
    ]
