"""FilterSets for KPI indicators and area estimates, shared by the pages and the API."""

import django_filters
from django.db.models import Q

from accounts.models import Area, Organisation
from carers.kpis.choices import KpiMeasure
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from common.filters import WholeNumberFilter, YesNoFilter


class KpiIndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name contains")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind="council"), label="Council"
    )
    measure = django_filters.ChoiceFilter(choices=KpiMeasure.choices, label="Where the actual comes from")
    is_active = YesNoFilter(label="In use")

    class Meta:
        model = KpiIndicator
        fields = ["q", "organisation", "measure", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class KpiTargetFilterSet(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=KpiIndicator.objects.all())
    year = WholeNumberFilter(label="Financial year (the year it starts in)", min_value=1990, max_value=2100)

    class Meta:
        model = KpiTarget
        fields = ["indicator", "year"]


class AreaEstimateFilterSet(django_filters.FilterSet):
    council = django_filters.ModelChoiceFilter(
        field_name="area__council", queryset=Organisation.objects.filter(kind="council"), label="Council"
    )
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.all())
    year = WholeNumberFilter(label="Financial year (the year it starts in)", min_value=1990, max_value=2100)

    class Meta:
        model = AreaEstimate
        fields = ["council", "area", "year"]
