import django_filters
from django import forms
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


# Filters by a related record are typed as a name (a drop-down of thousands of councils or areas
# would be slow to draw and to use); the id filters stay for links and the API, as hidden fields.
class AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices)
    within = django_filters.CharFilter(
        field_name="parent__name", lookup_expr="icontains", label="Within (name contains)"
    )
    council_name = django_filters.CharFilter(
        field_name="council__name", lookup_expr="icontains", label="Council (name contains)"
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=Area.objects.exclude(level="ward"), label="Within", widget=forms.HiddenInput
    )
    council = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind="council"), widget=forms.HiddenInput
    )

    class Meta:
        model = Area
        fields = ["q", "level", "within", "council_name", "parent", "council"]


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, username or e-mail")
    role = django_filters.ChoiceFilter(choices=Role.choices, field_name="groups__name", label="Role")
    organisation_name = django_filters.CharFilter(
        field_name="organisation__name", lookup_expr="icontains", label="Organisation (name contains)"
    )
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), widget=forms.HiddenInput)
    is_active = YesNoFilter(label="Active")

    class Meta:
        model = User
        fields = ["q", "role", "organisation_name", "organisation", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )
