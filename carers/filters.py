"""FilterSets shared by the pages and the API."""

from datetime import datetime, time

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Area
from carers import choices as c
from carers import selectors
from carers.models import Assessment, CaredForPerson, Carer, Contact, ContingencyPlan, Referral
from common.filters import AreaWithinFilter, WholeNumberFilter, YesNoFilter, date_range_form
from common.forms import GovukDateInput


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _areas_for(request):
    """The areas of the user's own council (every council's would be thousands of options)."""
    areas = Area.objects.order_by("name")
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "organisation_id", None) and not user.is_superuser:
        areas = areas.filter(council_id=user.organisation_id)
    return areas


ANY_KIND = "any"


class CarerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, postcode, phone or date of birth")
    area = AreaWithinFilter(queryset=_areas_for, help_text="Includes every area within it (a county's districts).")
    area_review = YesNoFilter(label="Area to be checked (postcode outside the council's areas)")
    age_group = django_filters.ChoiceFilter(choices=c.AgeGroup.choices, method="filter_age_group", label="Age group")
    identification_source = django_filters.ChoiceFilter(choices=c.IdentificationSource.choices, label="Identified by")
    hours_band = django_filters.ChoiceFilter(choices=c.HoursBand.choices, label="Hours of care")
    assessed = YesNoFilter(method="filter_assessed", label="Had a carers assessment")
    open_referral = django_filters.ChoiceFilter(
        choices=[(ANY_KIND, "Any kind"), *c.ReferralKind.choices],
        method="filter_open_referral",
        label="Has an open referral",
    )
    last_contact_from = django_filters.DateFilter(
        method="filter_contact_from", label="Last contact on or after", widget=GovukDateInput()
    )
    last_contact_to = django_filters.DateFilter(
        method="filter_contact_to", label="Last contact on or before", widget=GovukDateInput()
    )

    class Meta:
        model = Carer
        fields = [
            "q",
            "area",
            "area_review",
            "age_group",
            "identification_source",
            "hours_band",
            "assessed",
            "open_referral",
        ]
        form = date_range_form(("last_contact_from", "last_contact_to"))

    def search(self, queryset, name, value):
        return selectors.search_queryset(
            queryset, selectors.parse_search(value), user=getattr(self.request, "user", None)
        )

    def filter_age_group(self, queryset, name, value):
        return queryset.in_age_group(value, timezone.localdate())

    def filter_assessed(self, queryset, name, value):
        assessed = Exists(Assessment.objects.filter(carer=OuterRef("pk")))
        return queryset.filter(assessed if value else ~assessed)

    def filter_open_referral(self, queryset, name, value):
        return queryset.with_open_referral(None if value == ANY_KIND else value)

    def filter_contact_from(self, queryset, name, value):
        return queryset.filter(last_contact_at__gte=_start_of(value))

    def filter_contact_to(self, queryset, name, value):
        return queryset.filter(last_contact_at__lt=_start_of(value + timezone.timedelta(days=1)))


class CaredForPersonFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="caring_relationships__carer", label="Carer id")
    condition = WholeNumberFilter(field_name="conditions", label="Condition category id")

    class Meta:
        model = CaredForPerson
        fields = ["carer", "condition"]


class ContactFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="carer")
    unidentified = YesNoFilter(field_name="carer", lookup_expr="isnull", label="Caller not identified")
    channel = django_filters.ChoiceFilter(choices=c.Channel.choices)
    contacted_from = django_filters.DateFilter(
        field_name="contacted_at", lookup_expr="date__gte", widget=GovukDateInput()
    )
    contacted_to = django_filters.DateFilter(
        field_name="contacted_at", lookup_expr="date__lte", widget=GovukDateInput()
    )

    class Meta:
        model = Contact
        fields = ["carer", "unidentified", "channel", "reason"]
        form = date_range_form(("contacted_from", "contacted_to"))


class ReferralFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="carer")
    status = django_filters.ChoiceFilter(choices=c.ReferralStatus.choices)
    kind = django_filters.ChoiceFilter(choices=c.ReferralKind.choices)

    class Meta:
        model = Referral
        fields = ["carer", "status", "kind"]


class AssessmentFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="carer")
    assessment_type = django_filters.ChoiceFilter(choices=c.AssessmentType.choices)
    review_due_by = django_filters.DateFilter(field_name="next_review_on", lookup_expr="lte", widget=GovukDateInput())

    class Meta:
        model = Assessment
        fields = ["carer", "assessment_type", "outcome"]


class ContingencyPlanFilterSet(django_filters.FilterSet):
    carer = WholeNumberFilter(field_name="carer")
    card_number = django_filters.CharFilter(field_name="card_number", lookup_expr="iexact")
    review_due_by = django_filters.DateFilter(field_name="review_on", lookup_expr="lte", widget=GovukDateInput())

    class Meta:
        model = ContingencyPlan
        fields = ["carer", "card_number"]
