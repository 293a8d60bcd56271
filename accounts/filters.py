import django_filters
from django.db.models import Q

from accounts.choices import AreaLevel, OrganisationKind, Role
from accounts.models import Area, Organisation, User
from common.filters import YesNoFilter


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name contains")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Kind")
    is_active = YesNoFilter(label="Active")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(reference__icontains=value))


class AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices)
    parent = django_filters.ModelChoiceFilter(queryset=Area.objects.exclude(level="ward"), label="Within")
    council = django_filters.ModelChoiceFilter(queryset=Organisation.objects.filter(kind="council"))

    class Meta:
        model = Area
        fields = ["q", "level", "parent", "council"]


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, username or e-mail")
    role = django_filters.ChoiceFilter(choices=Role.choices, field_name="groups__name", label="Role")
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())
    is_active = YesNoFilter(label="Active")

    class Meta:
        model = User
        fields = ["q", "role", "organisation", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )
