"""FilterSets of brokerage, shared by the list pages and the API."""

import django_filters

from brokerage import choices as b
from brokerage.models import (
    Bid,
    CallOff,
    CarePackage,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderApplication,
    ProviderReturn,
)
from common.filters import StrictFilterSet, WholeNumberFilter, YesNoFilter, date_range_form
from common.forms import GovukDateInput


class BudgetFilterSet(StrictFilterSet):
    carer = WholeNumberFilter(field_name="carer_id", label="Carer record number")
    method = django_filters.ChoiceFilter(choices=b.BudgetMethod.choices, label="How it is taken")
    review_by = django_filters.DateFilter(
        field_name="review_on", lookup_expr="lte", label="Review due by", widget=GovukDateInput()
    )

    class Meta:
        model = PersonalBudget
        fields = ["carer", "method", "ras_band", "review_by"]


class FrameworkFilterSet(StrictFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    is_active = YesNoFilter(label="In use")

    class Meta:
        model = Framework
        fields = ["name", "is_active"]


class ApplicationFilterSet(StrictFilterSet):
    framework = WholeNumberFilter(field_name="framework_id", label="Framework reference")
    status = django_filters.ChoiceFilter(choices=b.ApplicationStatus.choices)

    class Meta:
        model = ProviderApplication
        fields = ["framework", "status", "provider"]


class CallOffFilterSet(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=b.CallOffStatus.choices)
    framework = WholeNumberFilter(field_name="framework_id", label="Framework reference")
    closes_by = django_filters.DateFilter(
        field_name="closes_at", lookup_expr="date__lte", label="Closing by", widget=GovukDateInput()
    )

    class Meta:
        model = CallOff
        fields = ["status", "framework", "category", "closes_by"]


class BidFilterSet(StrictFilterSet):
    calloff = WholeNumberFilter(field_name="calloff_id", label="Call-off reference")
    unchecked = YesNoFilter(field_name="suitable", lookup_expr="isnull", label="Not checked yet")

    class Meta:
        model = Bid
        fields = ["calloff", "provider", "suitable", "unchecked"]


class PackageFilterSet(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=b.PackageStatus.choices)
    review_by = django_filters.DateFilter(
        field_name="review_on", lookup_expr="lte", label="Review due by", widget=GovukDateInput()
    )

    class Meta:
        model = CarePackage
        fields = ["status", "provider", "category", "review_by"]


class ReviewFilterSet(StrictFilterSet):
    package = WholeNumberFilter(field_name="package_id", label="Package reference")
    outcome = django_filters.ChoiceFilter(choices=b.ReviewOutcome.choices)
    chose_brokerage = YesNoFilter(label="Chose brokerage")

    class Meta:
        model = PackageReview
        fields = ["package", "outcome", "chose_brokerage"]


def _transfer_providers(request):
    """The providers the user's council's transfers move from (the filter's choices)."""
    from django.db.models import Exists, OuterRef

    from accounts.models import Organisation

    if request is None:
        return Organisation.objects.none()
    theirs = PackageTransfer.objects.visible_to(request.user).filter(from_provider=OuterRef("pk"))
    return Organisation.objects.filter(Exists(theirs)).order_by("name")


class TransferFilterSet(StrictFilterSet):
    """The transfer plan's rows: by plan, framework, status, the provider they move from, and a
    range of transfer dates (the home page's "Transfers due" is `?status=planned&transfer_by=`)."""

    plan = WholeNumberFilter(field_name="plan_id", label="Transfer plan reference")
    framework = WholeNumberFilter(field_name="plan__framework_id", label="New framework reference")
    from_framework = WholeNumberFilter(field_name="plan__from_framework_id", label="Old framework reference")
    status = django_filters.ChoiceFilter(choices=b.TransferStatus.choices)
    provider = django_filters.ModelChoiceFilter(
        field_name="from_provider", queryset=_transfer_providers, label="Provider before the move"
    )
    package = WholeNumberFilter(field_name="package_id", label="Package reference")
    transfer_from = django_filters.DateFilter(
        field_name="transfer_on", lookup_expr="gte", label="Transfer date from", widget=GovukDateInput()
    )
    transfer_by = django_filters.DateFilter(
        field_name="transfer_on", lookup_expr="lte", label="Transfer date to", widget=GovukDateInput()
    )

    class Meta:
        model = PackageTransfer
        fields = [
            "plan",
            "framework",
            "from_framework",
            "status",
            "provider",
            "package",
            "transfer_from",
            "transfer_by",
        ]
        form = date_range_form(("transfer_from", "transfer_by"))


class ReturnFilterSet(StrictFilterSet):
    package = WholeNumberFilter(field_name="package_id", label="Package reference")
    provider = WholeNumberFilter(field_name="package__provider_id", label="Provider reference")
    period_from = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", label="Periods ending on or after", widget=GovukDateInput()
    )

    class Meta:
        model = ProviderReturn
        fields = ["package", "provider", "period_from"]


class ProviderPackageFilterSet(StrictFilterSet):
    """A provider's packages on its monitoring page, by the flags its returns give."""

    delivery_flag = django_filters.ChoiceFilter(choices=b.DeliveryFlag.choices, label="Delivery")
    return_spend_flag = django_filters.ChoiceFilter(
        choices=[*b.SpendFlag.choices, (b.DeliveryFlag.NO_RETURNS, b.DeliveryFlag.NO_RETURNS.label)],
        label="Spend (returns)",
    )

    class Meta:
        model = CarePackage
        fields = ["category", "delivery_flag", "return_spend_flag"]
