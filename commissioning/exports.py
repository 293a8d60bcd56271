"""The register's export columns (written by common.exports: COPY on PostgreSQL)."""

from commissioning.choices import ContractStatus
from common.exports import Column, Kind

CONTRACT_EXPORT_COLUMNS = [
    Column("Id", "pk", Kind.INT),
    Column("Reference", "reference"),
    Column("Title", "title"),
    Column("Provider", "provider__name"),
    Column("Accountable body", "accountable_body__name"),
    Column("Start", "start_date", Kind.DATE),
    Column("Initial end", "initial_end_date", Kind.DATE),
    Column("Current end", "current_end", Kind.DATE),
    Column("Extension options (months)", "extension_options"),
    Column("Options used", "options_used", Kind.INT),
    Column("Notice period (months)", "notice_period_months", Kind.INT),
    Column("Annual value", "current_annual", Kind.MONEY),
    Column("Total value", "current_total", Kind.MONEY),
    Column("TUPE applies", "tupe_applies", Kind.BOOL),
    Column("Status", "status", choices=dict(ContractStatus.choices)),
    Column("Next review", "next_review_date", Kind.DATE),
]
