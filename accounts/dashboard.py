from django.urls import reverse

from accounts.models import Area, Organisation, User
from common.panels import Panel


def panels(user) -> list[Panel]:
    if not user.has_perm("accounts.view_user"):
        return []
    return [
        Panel(
            "Active users",
            # The users the list beside it shows: the user's own council's (every council's for the
            # deployment administrator).
            User.objects.visible_to(user).filter(is_active=True).count(),
            "people who can sign in",
            reverse("accounts:user_list"),
        ),
        Panel(
            "Organisations",
            Organisation.objects.active().count(),
            "councils, NHS bodies and providers",
            reverse("accounts:organisation_list"),
        ),
        Panel("Areas", Area.objects.count(), "counties, localities and wards", reverse("accounts:area_list")),
    ]
