"""FilterSets of brokerage, shared by the list pages and the API."""

import django_filters

from brokerage import choices as b
from brokerage.models import Bid, CallOff, CarePackage, Framework, PackageReview, PersonalBudget, ProviderApplication
from common.filters import StrictFilterSet, WholeNumberFilter, YesNoFilter
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
