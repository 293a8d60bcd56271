import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from brokerage import choices as b
from brokerage.models import CallOff, CarePackage, Framework, PackageTransfer, PersonalBudget, ProviderApplication
from common.money import format_gbp

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class BudgetTable(tables.Table):
    id = tables.Column("Ref", linkify=True)
    person = tables.Column("For", empty_values=(), orderable=False)
    agreed_weekly = tables.Column("Agreed a week", attrs=NUMERIC)

    class Meta:
        model = PersonalBudget
        fields = ["id", "person", "ras_band", "agreed_weekly", "method", "start_on", "review_on"]

    def render_agreed_weekly(self, value):
        return format_gbp(value)


class FrameworkTable(tables.Table):
    name = tables.Column(linkify=True)
    admitted = tables.Column("Admitted providers", attrs=NUMERIC)
    categories = tables.ManyToManyColumn(verbose_name="Service categories")

    class Meta:
        model = Framework
        fields = ["name", "categories", "admitted", "is_active"]


class ApplicationTable(tables.Table):
    id = tables.Column("Ref", linkify=True)

    class Meta:
        model = ProviderApplication
        fields = ["id", "provider", "framework", "applied_on", "status", "decided_on"]


class CallOffTable(tables.Table):
    id = tables.Column("Ref", linkify=True)
    title = tables.Column(linkify=True)
    bid_count = tables.Column("Bids", attrs=NUMERIC)
    indicative_weekly_budget = tables.Column("Starter budget a week", attrs=NUMERIC)

    class Meta:
        model = CallOff
        fields = [
            "id",
            "title",
            "category",
            "area",
            "hours_per_week",
            "indicative_weekly_budget",
            "closes_at",
            "status",
        ]

    def render_indicative_weekly_budget(self, value):
        return format_gbp(value)


class PackageTable(tables.Table):
    id = tables.Column("Ref", linkify=True)
    weekly_cost = tables.Column("Weekly cost", attrs=NUMERIC)
    budget_weekly = tables.Column("Budget a week", attrs=NUMERIC, orderable=False)
    spend_flag = tables.Column("Spend", orderable=False)

    class Meta:
        model = CarePackage
        fields = [
            "id",
            "provider",
            "category",
            "hours_per_week",
            "weekly_cost",
            "budget_weekly",
            "spend_flag",
            "start_on",
            "review_on",
            "status",
        ]

    def render_weekly_cost(self, value):
        return format_gbp(value)

    def render_budget_weekly(self, value):
        return format_gbp(value)

    def render_spend_flag(self, value):
        return {"over": "Over budget", "under": "Under budget", "within": "Within budget"}.get(value, value)


TRANSFER_COLUMNS = [
    "id",
    "package",
    "plan",
    "category",
    "from_provider",
    "transfer_on",
    "status",
    "to_provider",
]


class TransferTable(tables.Table):
    """The transfer plan's rows: each package, its date and status, and (while planned) the links
    to record, reschedule or cancel it."""

    id = tables.Column("Ref", linkify=True)
    package = tables.Column("Package", linkify=lambda record: record.package.get_absolute_url())
    plan = tables.Column("Plan", orderable=False)
    category = tables.Column("Category", accessor="package__category", orderable=False)
    action = tables.Column("Action", empty_values=(), orderable=False)

    class Meta:
        model = PackageTransfer
        fields = TRANSFER_COLUMNS
        sequence = [*TRANSFER_COLUMNS, "action"]

    def render_package(self, value, record):
        return f"Package {record.package_id}"

    def render_action(self, record):
        if record.status != b.TransferStatus.PLANNED:
            return ""
        # Each link's name says which package it acts on (the visually hidden part), as screen
        # readers list a page's links out of their rows.
        links = [
            ("brokerage:packagetransfer_record", "Record the transfer", " of package"),
            ("brokerage:packagetransfer_reschedule", "Reschedule", " the transfer of package"),
            ("brokerage:packagetransfer_cancel", "Cancel", " the transfer of package"),
        ]
        return format_html(
            '<ul class="govuk-list govuk-!-margin-bottom-0">{}</ul>',
            format_html_join(
                "",
                '<li><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">{} {}</span></a></li>',
                ((reverse(name, args=[record.pk]), label, hidden, record.package_id) for name, label, hidden in links),
            ),
        )


FLAG_TAGS = {
    "over": ("govuk-tag--red", "Over"),
    "under": ("govuk-tag--yellow", "Under"),
    "within": ("govuk-tag--green", "Within"),
    "as_planned": ("govuk-tag--green", "As planned"),
    "no_returns": ("govuk-tag--grey", "No returns yet"),
}


def flag_tag(value):
    css, label = FLAG_TAGS.get(value, ("govuk-tag--grey", value))
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


class ProviderPackageTable(tables.Table):
    """A provider's packages on the monitoring page: costs, hours and flags, never the person."""

    id = tables.Column("Package")
    weekly_cost = tables.Column("Weekly cost", attrs=NUMERIC)
    budget_weekly = tables.Column("Budget a week", attrs=NUMERIC, orderable=False)
    spend_flag = tables.Column("Cost against budget", orderable=False)
    returns_planned_hours = tables.Column("Hours planned (returns)", attrs=NUMERIC, orderable=False)
    returns_delivered_hours = tables.Column("Hours delivered", attrs=NUMERIC, orderable=False)
    delivery_flag = tables.Column("Delivery", orderable=False)
    returns_actual_cost = tables.Column("Actual cost (planned)", attrs=NUMERIC, orderable=False)
    return_spend_flag = tables.Column("Spend (returns)", orderable=False)

    class Meta:
        model = CarePackage
        fields = ["id", "category", "hours_per_week", "weekly_cost", "budget_weekly", "spend_flag"]
        sequence = [
            *fields,
            "returns_planned_hours",
            "returns_delivered_hours",
            "delivery_flag",
            "returns_actual_cost",
            "return_spend_flag",
        ]

    def __init__(self, *args, can_open=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_open = can_open

    def render_id(self, record):
        if self.can_open:
            return format_html('<a class="govuk-link" href="{}">Package {}</a>', record.get_absolute_url(), record.pk)
        return f"Package {record.pk}"

    def render_weekly_cost(self, value):
        return format_gbp(value)

    def render_budget_weekly(self, value):
        return format_gbp(value)

    def render_returns_actual_cost(self, value, record):
        return f"{format_gbp(value)} ({format_gbp(record.returns_planned_cost)})"

    def render_spend_flag(self, value):
        return flag_tag(value)

    def render_delivery_flag(self, value):
        return flag_tag(value)

    def render_return_spend_flag(self, value):
        return flag_tag(value)
