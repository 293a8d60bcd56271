import django_filters

from carers.imports.choices import ImportStatus
from carers.models import CarerImport


class CarerImportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices)

    class Meta:
        model = CarerImport
        fields = ["status"]
