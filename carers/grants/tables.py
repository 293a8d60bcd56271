import django_tables2 as tables

from carers.models import CarerGrant
from common.money import format_gbp

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class GrantTable(tables.Table):
    id = tables.Column("Ref", linkify=True)
    carer = tables.Column(order_by=("carer__last_name", "carer__first_name"))
    amount_awarded = tables.Column("Awarded", attrs=NUMERIC)
    vouchers = tables.Column("Vouchers used / issued", empty_values=(), orderable=False, attrs=NUMERIC)

    class Meta:
        model = CarerGrant
        fields = ["id", "carer", "kind", "applied_on", "status", "amount_awarded", "vouchers", "payment_method"]

    def render_amount_awarded(self, value):
        return format_gbp(value)

    def render_vouchers(self, record):
        return f"{record.vouchers_used} / {record.vouchers_issued}" if record.vouchers_issued else "—"
