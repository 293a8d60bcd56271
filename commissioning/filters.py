"""The register's FilterSet, shared by the register page, its export and the API."""

import django_filters
from django import forms
from django.db.models import Q

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from budgets.models import FundingStream
from commissioning.choices import VALUE_BANDS, StatusFilter
from commissioning.models import Contract, ServiceLine
from common.filters import StrictFilterSet, YesNoFilter


class MonthsFilter(django_filters.NumberFilter):
    """A whole number of months, 1 to 120."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 120)
        super().__init__(*args, **kwargs)


class ContractFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or title")
    status = django_filters.ChoiceFilter(choices=StatusFilter.choices, method="by_status")
    provider = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind__in=[OrganisationKind.PROVIDER, OrganisationKind.VOLUNTARY])
    )
    service_line = django_filters.ModelChoiceFilter(field_name="service_lines", queryset=ServiceLine.objects.all())
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(groups__name=Role.COMMISSIONER.value).order_by("last_name")
    )
    funding_stream = django_filters.ModelChoiceFilter(
        field_name="funding_streams", queryset=FundingStream.objects.all()
    )
    value_band = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _, _) in VALUE_BANDS.items()],
        method="by_value_band",
        label="Total value",
    )
    expiring_within = MonthsFilter(method="by_expiry", label="Expiring within (months)")
    decision_due_within = MonthsFilter(method="by_decision", label="Decision due within (months)")

    class Meta:
        model = Contract
        fields = ["q", "status", "provider", "service_line", "owner", "funding_stream", "value_band"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_superuser:
            self.filters["owner"].queryset = self.filters["owner"].queryset.filter(organisation_id=user.organisation_id)
            self.form.fields["owner"].queryset = self.filters["owner"].queryset

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)

    def by_value_band(self, queryset, name, value):
        _, low, high = VALUE_BANDS[value]
        queryset = queryset.filter(current_total__gte=low)
        return queryset.filter(current_total__lt=high) if high is not None else queryset

    def by_expiry(self, queryset, name, value):
        return queryset.expiring_within(int(value))

    def by_decision(self, queryset, name, value):
        return queryset.decision_due_within(int(value))

    def filter_queryset(self, queryset):
        # A contract in several service lines or funding streams would show once per match.
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("service_line") or self.form.cleaned_data.get("funding_stream"):
            queryset = queryset.distinct()
        return queryset


class NoticeFilterSet(StrictFilterSet):
    from commissioning.choices import NoticeKind as _NoticeKind

    notice_kind = django_filters.ChoiceFilter(choices=_NoticeKind.choices, label="Notice")

    class Meta:
        from commissioning.models import ContractAmendment as _Amendment

        model = _Amendment
        fields = ["notice_kind"]


class ProviderFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(method="search", label="Name or number")
    service = django_filters.ModelChoiceFilter(field_name="services", queryset=ServiceLine.objects.all())

    class Meta:
        from commissioning.models import ProviderProfile as _Profile

        model = _Profile
        fields = ["q", "service"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__name__icontains=value) | Q(charity_number=value) | Q(company_number=value)
        )


# --- Procurements (issue 14) -------------------------------------------------------------------
class ProcurementFilterSet(StrictFilterSet):
    """The pipeline board's filters (and the API's): owner, route, stage, words of the title."""

    from commissioning.choices import ProcurementRoute as _Route
    from commissioning.choices import Stage as _Stage

    q = django_filters.CharFilter(method="search", label="Reference or title")
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(groups__name=Role.COMMISSIONER.value).order_by("last_name")
    )
    route = django_filters.ChoiceFilter(choices=_Route.choices)
    stage = django_filters.ChoiceFilter(choices=_Stage.choices)
    late = YesNoFilter(
        method="by_late",
        label="Late against its plan",
        help_text="Yes: past the planned start of a stage after the one it is at.",
    )

    class Meta:
        from commissioning.models import Procurement as _Procurement

        model = _Procurement
        fields = ["q", "owner", "route", "stage", "late"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_superuser:
            self.filters["owner"].queryset = self.filters["owner"].queryset.filter(organisation_id=user.organisation_id)
            self.form.fields["owner"].queryset = self.filters["owner"].queryset

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def by_late(self, queryset, name, value):
        # procurement_detail annotates is_late; the board and list pages add it here.
        if "is_late" not in queryset.query.annotations:
            queryset = queryset.with_lateness()
        return queryset.filter(is_late=value)


class RiskFilterSet(StrictFilterSet):
    from commissioning.choices import RiskStatus as _RiskStatus

    status = django_filters.ChoiceFilter(choices=_RiskStatus.choices)

    class Meta:
        from commissioning.models import Risk as _Risk

        model = _Risk
        fields = ["status"]
