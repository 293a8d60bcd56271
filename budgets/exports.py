"""The budget breakdown for committee reports: every line with its service line, delivery method,
funding stream, group and allocated amount, through the shared COPY-based export."""

from django.db.models import Value

from budgets.models import Budget
from budgets.selectors import allocation_rows
from common.exports import Column, Kind

BREAKDOWN_COLUMNS = [
    Column("Line", "description"),
    Column("Service line", "service_line__name"),
    Column("Delivery method", "delivery_method__name"),
    Column("Funding stream", "funding_stream__name"),
    Column("Group", "group__name"),
    Column("Allocated", "allocated", Kind.MONEY),
    Column("Financial year", Value(""), Kind.TEXT),
    Column("Note", "note"),
]


def breakdown_columns(budget: Budget) -> list[Column]:
    columns = list(BREAKDOWN_COLUMNS)
    columns[6] = Column("Financial year", Value(budget.year_label), Kind.TEXT)
    return columns


def breakdown_queryset(budget: Budget):
    return allocation_rows(budget)
