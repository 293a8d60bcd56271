import django_tables2 as tables

from consultations.models import ConsultationAction, ConsultationEvent

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class EventTable(tables.Table):
    title = tables.Column(linkify=True)
    run_by = tables.Column("Run by", empty_values=(), orderable=False)
    message_count = tables.Column("Key messages", attrs=NUMERIC)

    class Meta:
        model = ConsultationEvent
        fields = ["title", "method", "starts_on", "audience", "run_by", "participants", "message_count", "eia_done"]


class ActionTable(tables.Table):
    description = tables.Column("Action", linkify=True)
    event = tables.Column(
        "Event",
        accessor="message__event",
        linkify=lambda record: record.message.event.get_absolute_url(),
        order_by=("message__event__title",),
    )

    class Meta:
        model = ConsultationAction
        fields = ["description", "event", "owner", "due_on", "status"]
