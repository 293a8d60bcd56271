import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from carers.models import AreaEstimate, KpiIndicator
from common.years import fy_label

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class KpiIndicatorTable(tables.Table):
    name = tables.Column(linkify=True)
    target_count = tables.Column("Yearly targets", attrs=NUMERIC)

    class Meta:
        model = KpiIndicator
        fields = ["name", "organisation", "measure", "unit", "target_count", "is_active"]


class AreaEstimateTable(tables.Table):
    year = tables.Column("Financial year")
    estimated_carers = tables.Column(attrs=NUMERIC)
    known_baseline = tables.Column(attrs=NUMERIC)
    annual_increase_points = tables.Column("Increase a year (points)", attrs=NUMERIC)
    change = tables.Column("", empty_values=(), orderable=False)

    class Meta:
        model = AreaEstimate
        fields = [
            "area",
            "area__council",
            "year",
            "estimated_carers",
            "known_baseline",
            "annual_increase_points",
            "source",
        ]

    def render_year(self, value):
        return fy_label(value)

    def render_estimated_carers(self, value):
        return f"{value:,}"

    def render_known_baseline(self, value):
        return f"{value:,}"

    def render_change(self, record):
        url = reverse("carers:kpi_estimate_set") + f"?area={record.area_id}&year={record.year}"
        return format_html(
            '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {}</span></a>', url, record
        )
