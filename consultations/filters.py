"""FilterSets for consultations, shared by the list pages and the API."""

import django_filters
from django.utils import timezone

from common.filters import StrictFilterSet, YesNoFilter
from common.forms import GovukDateInput
from consultations.choices import OPEN_ACTION_STATUSES, ActionStatus, Audience, Method
from consultations.models import ConsultationAction, ConsultationEvent, Theme


class EventFilterSet(StrictFilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    method = django_filters.ChoiceFilter(choices=Method.choices, label="How it was done")
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    theme = django_filters.ModelChoiceFilter(
        field_name="messages__themes", queryset=Theme.objects.order_by("name"), label="Theme", distinct=True
    )
    held_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte", widget=GovukDateInput())
    held_to = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte", widget=GovukDateInput())
    eia_done = YesNoFilter(label="Equality impact assessment done")

    class Meta:
        model = ConsultationEvent
        fields = ["title", "method", "audience", "theme", "held_from", "held_to", "eia_done"]


class ActionFilterSet(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    owner = django_filters.NumberFilter(field_name="owner_id", label="Owner (user number)")
    event = django_filters.NumberFilter(field_name="message__event_id", label="Event number")
    theme = django_filters.ModelChoiceFilter(
        field_name="message__themes", queryset=Theme.objects.order_by("name"), label="Theme", distinct=True
    )
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", widget=GovukDateInput())
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", widget=GovukDateInput())
    still_open = YesNoFilter(method="only_open", label="Still open")
    overdue = YesNoFilter(method="only_overdue", label="Overdue (open and past the due date)")

    class Meta:
        model = ConsultationAction
        fields = ["status", "owner", "event", "theme", "due_from", "due_to", "still_open", "overdue"]

    def only_open(self, queryset, name, value):
        return queryset.still_open() if value else queryset.exclude(status__in=OPEN_ACTION_STATUSES)

    def only_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value else queryset.exclude(pk__in=queryset.overdue(today).values("pk"))
