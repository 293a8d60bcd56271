"""FilterSets for grants and voucher redemptions, shared by the managers' list and the API."""

import django_filters
from django.db.models import Q

from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.models import CarerGrant, VoucherRedemption
from common.filters import WholeNumberFilter
from common.forms import GovukDateInput
from common.years import fy_end, fy_start


class GrantFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="carer_id", label="Carer record number")
    kind = django_filters.ChoiceFilter(choices=GrantKind.choices)
    status = django_filters.ChoiceFilter(choices=GrantStatus.choices)
    payment_method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    year = WholeNumberFilter(
        method="in_year", label="Financial year applied (e.g. 2025 for 2025/26)", min_value=1990, max_value=2100
    )

    class Meta:
        model = CarerGrant
        fields = ["carer", "kind", "status", "payment_method", "year"]

    def in_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(applied_on__gte=fy_start(year)) & Q(applied_on__lte=fy_end(year)))


class VoucherRedemptionFilterSet(django_filters.FilterSet):
    grant = WholeNumberFilter(field_name="grant_id")
    provider = WholeNumberFilter(field_name="provider_id")
    redeemed_from = django_filters.DateFilter(field_name="redeemed_on", lookup_expr="gte", widget=GovukDateInput())
    redeemed_to = django_filters.DateFilter(field_name="redeemed_on", lookup_expr="lte", widget=GovukDateInput())

    class Meta:
        model = VoucherRedemption
        fields = ["grant", "provider", "redeemed_from", "redeemed_to"]
