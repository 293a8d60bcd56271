"""Home-page panels for brokerage: the officer's decisions first (applications to decide, bids to
check, call-offs closing, reviews due), then what is running; RAS bands for administrators."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brokerage import choices as b
from brokerage.models import Bid, CallOff, PackageTransfer, ProviderApplication
from brokerage.selectors import reviews_due
from common.panels import Panel

CLOSING_WITHIN_DAYS = 7
REVIEWS_WITHIN_DAYS = 28


def panels(user) -> list[Panel]:
    found: list[Panel] = []
    if user.has_perm("brokerage.decide_providerapplication"):
        waiting = ProviderApplication.objects.visible_to(user).filter(status=b.ApplicationStatus.SUBMITTED).count()
        found.append(
            Panel(
                "Applications to decide",
                waiting,
                "Providers waiting to be admitted or refused",
                f"{reverse('brokerage:providerapplication_list')}?status=submitted",
            )
        )
    if user.has_perm("brokerage.change_bid"):
        unchecked = (
            Bid.objects.visible_to(user)
            .filter(suitable__isnull=True)
            .exclude(calloff__status__in=[b.CallOffStatus.AWARDED, b.CallOffStatus.CANCELLED])
            .values("calloff")
            .distinct()
            .count()
        )
        found.append(
            Panel(
                "Bids to check",
                unchecked,
                "Call-offs with bids not yet checked by the social worker",
                f"{reverse('brokerage:calloff_list')}?status=closed",
            )
        )
    if user.has_perm("brokerage.view_calloff"):
        soon = timezone.now() + timedelta(days=CLOSING_WITHIN_DAYS)
        closing = CallOff.objects.visible_to(user).filter(status=b.CallOffStatus.OPEN, closes_at__lte=soon).count()
        by = (timezone.localdate() + timedelta(days=CLOSING_WITHIN_DAYS)).isoformat()
        found.append(
            Panel(
                "Call-offs closing",
                closing,
                f"Open call-offs whose deadline is within {CLOSING_WITHIN_DAYS} days",
                f"{reverse('brokerage:calloff_list')}?status=open&closes_by={by}",
            )
        )
    if user.has_perm("brokerage.view_carepackage"):
        due = reviews_due(user, within_days=REVIEWS_WITHIN_DAYS).count()
        by = (timezone.localdate() + timedelta(days=REVIEWS_WITHIN_DAYS)).isoformat()
        found.append(
            Panel(
                "Package reviews due",
                due,
                f"Active packages to review within {REVIEWS_WITHIN_DAYS} days (or overdue)",
                f"{reverse('brokerage:carepackage_list')}?status=active&review_by={by}",
            )
        )
        if user.has_perm("brokerage.view_packagetransfer"):
            by = (timezone.localdate() + timedelta(days=REVIEWS_WITHIN_DAYS)).isoformat()
            moving = (
                PackageTransfer.objects.visible_to(user)
                .filter(status=b.TransferStatus.PLANNED, transfer_on__lte=by)
                .count()
            )
            found.append(
                Panel(
                    "Transfers due",
                    moving,
                    f"Packages planned to move to a new framework within {REVIEWS_WITHIN_DAYS} days (or overdue)",
                    f"{reverse('brokerage:packagetransfer_list')}?status=planned&transfer_by={by}",
                )
            )
    elif user.has_perm("brokerage.view_package_totals"):
        found.append(
            Panel("Care packages", "Totals", "Package costs and over/under-spend", reverse("brokerage:monitoring"))
        )
    if user.has_perm("brokerage.change_rasband") and user.is_staff:
        found.append(
            Panel(
                "RAS bands", "Edit", "Resource Allocation System bands and amounts", "/django-admin/brokerage/rasband/"
            )
        )
    return found
