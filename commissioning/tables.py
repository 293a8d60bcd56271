import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from commissioning.models import Contract, ContractAmendment, ProviderProfile
from common.money import format_gbp

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class ContractTable(tables.Table):
    reference = tables.Column("Reference", linkify=True)
    title = tables.Column()
    provider = tables.Column(order_by=("provider__name",))
    current_end = tables.Column("Ends", order_by=("current_end", "id"))
    days = tables.Column("Days to expiry", empty_values=(), order_by=("current_end", "id"), attrs=NUMERIC)
    decision = tables.Column("Decision due by", empty_values=(), orderable=False)
    current_annual = tables.Column("Annual value", attrs=NUMERIC, order_by=("current_annual", "id"))
    current_total = tables.Column("Total value", attrs=NUMERIC, order_by=("current_total", "id"))
    status = tables.Column(empty_values=(), order_by=("status", "current_end"))
    owner = tables.Column(order_by=("owner__last_name",))
    reprocurement = tables.Column("Re-procurement", empty_values=(), orderable=False)

    class Meta:
        model = Contract
        fields = []
        sequence = [
            "reference",
            "title",
            "provider",
            "current_end",
            "days",
            "decision",
            "current_annual",
            "current_total",
            "status",
            "owner",
            "reprocurement",
        ]
        empty_text = "No contracts match. Try fewer filters."

    def render_current_end(self, value):
        return value.strftime("%-d %b %Y")

    def render_days(self, record):
        return record.days_to_expiry

    def render_decision(self, record):
        return record.decision_due_by.strftime("%-d %b %Y")

    def render_current_annual(self, value):
        return format_gbp(value)

    def render_current_total(self, value):
        return format_gbp(value)

    def render_reprocurement(self, record):
        """A link to the re-procurement under way, or "Plan the re-procurement" where the rule
        (commissioning.plans.reprocurement_refusal) allows it and the user keeps the contract."""
        from commissioning.plans import reprocurement_refusal

        under_way = getattr(record, "reprocurement_id", None)
        if under_way:
            url = reverse("commissioning:procurement_detail", args=[under_way])
            return format_html(
                '<a class="govuk-link" href="{}">Planned<span class="govuk-visually-hidden"> ({})</span></a>',
                url,
                record.reference,
            )
        user = getattr(getattr(self, "request", None), "user", None)
        keeps = user is not None and (user.is_superuser or record.accountable_body_id == user.organisation_id)
        if not keeps or reprocurement_refusal(record, timezone.localdate()) is not None:
            return "—"
        url = reverse("commissioning:contract_reprocure", args=[record.pk])
        return format_html(
            '<a class="govuk-link" href="{}">Plan the re-procurement'
            '<span class="govuk-visually-hidden"> of {}</span></a>',
            url,
            record.reference,
        )

    def render_status(self, record):
        if record.status == "live" and record.current_end < timezone.localdate():
            return "Expired"
        return record.get_status_display()


class NoticeTable(tables.Table):
    contract = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("contract__reference",))
    kind = tables.Column("Change")
    notice_kind = tables.Column("Notice")
    effective_on = tables.Column("Takes effect")
    publish = tables.TemplateColumn(
        (
            '<a class="govuk-link" href="{% url \'commissioning:amendment_publish\' record.pk %}">Mark published'
            '<span class="govuk-visually-hidden"> ({{ record }})</span></a>'
        ),
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = ContractAmendment
        fields = []
        sequence = ["contract", "kind", "notice_kind", "effective_on", "publish"]
        empty_text = "Every notice is published."


class ProviderTable(tables.Table):
    organisation = tables.Column(
        "Provider", linkify=lambda record: record.get_absolute_url(), order_by=("organisation__name",)
    )
    charity_number = tables.Column("Charity number")
    company_number = tables.Column("Company number")
    contract_count = tables.Column("Contracts", attrs=NUMERIC)

    class Meta:
        model = ProviderProfile
        fields = []
        sequence = ["organisation", "charity_number", "company_number", "contract_count"]
