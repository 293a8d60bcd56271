import django_tables2 as tables
from django.utils.html import format_html

from carers.models import Carer


class CarerTable(tables.Table):
    name = tables.Column(
        "Name",
        accessor="last_name",
        order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    date_of_birth = tables.DateColumn(format="j M Y", verbose_name="Born")
    age_group = tables.Column(verbose_name="Age group", accessor="get_age_group_display", orderable=False)
    postcode = tables.Column()
    area = tables.Column(accessor="area__name", verbose_name="Area")
    hours_band = tables.Column(verbose_name="Hours")
    identification_source = tables.Column(verbose_name="Identified by")
    identified_on = tables.DateColumn(format="j M Y", verbose_name="Identified")
    has_assessment = tables.BooleanColumn(verbose_name="Assessed", orderable=False, yesno="Yes,No")
    last_contact_at = tables.DateColumn(format="j M Y", verbose_name="Last contact")

    class Meta:
        model = Carer
        fields = []
        sequence = [
            "name",
            "date_of_birth",
            "age_group",
            "postcode",
            "area",
            "hours_band",
            "identification_source",
            "identified_on",
            "has_assessment",
            "last_contact_at",
        ]
        order_by = ("-identified_on",)
        empty_text = "No carers match. Try fewer filters."

    def render_name(self, record):
        return format_html("{} {}", record.first_name, record.last_name)
