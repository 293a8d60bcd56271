import django_tables2 as tables

from brokerage.models import CallOff, CarePackage, Framework, PersonalBudget, ProviderApplication
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
