import django_tables2 as tables

from carers.models import DirectoryEntry

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class DirectoryEntryTable(tables.Table):
    name = tables.Column(linkify=True)
    times_given_count = tables.Column("Times given", attrs=NUMERIC)

    class Meta:
        model = DirectoryEntry
        fields = ["name", "category", "area", "phone", "opening_times", "is_commissioned", "times_given_count"]
