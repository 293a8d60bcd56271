import django_filters
from django.db.models import Q

from accounts.models import Area
from carers.directory.choices import DirectoryCategory
from carers.models import DirectoryEntry
from common.filters import AreaWithinFilter, YesNoFilter


class DirectoryEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or description contains")
    category = django_filters.ChoiceFilter(choices=DirectoryCategory.choices)
    area = AreaWithinFilter(queryset=Area.objects.all())
    is_commissioned = YesNoFilter(label="Commissioned by the council")
    is_active = YesNoFilter(label="Listed")

    class Meta:
        model = DirectoryEntry
        fields = ["q", "category", "area", "is_commissioned", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))
