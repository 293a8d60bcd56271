import django_tables2 as tables

from carers.models import CarerImport

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class CarerImportTable(tables.Table):
    filename = tables.Column("File", linkify=True)
    row_count = tables.Column("Rows", attrs=NUMERIC)
    imported_count = tables.Column("Imported", attrs=NUMERIC)

    class Meta:
        model = CarerImport
        fields = ["filename", "created_at", "uploaded_by", "status", "row_count", "imported_count"]
