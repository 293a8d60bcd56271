"""Read use-cases for reminders."""

from dataclasses import dataclass

from reminders import registry
from reminders.models import ReminderRule


@dataclass
class SourceRow:
    source: registry.Source
    leads: list[str]
    send_overdue: bool
    is_active: bool
    customised: bool


def source_rows() -> list[SourceRow]:
    """Every registered due-date source with the lead times in force (one query)."""
    rules = {rule.source: rule for rule in ReminderRule.objects.all()}
    rows = []
    for source in registry.sources():
        rule = rules.get(source.name)
        rows.append(
            SourceRow(
                source=source,
                leads=rule.leads.split() if rule else list(source.default_leads),
                send_overdue=rule.send_overdue if rule else source.overdue,
                is_active=rule.is_active if rule else True,
                customised=rule is not None,
            )
        )
    return rows
