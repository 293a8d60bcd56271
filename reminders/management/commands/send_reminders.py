"""Run the reminder scan by hand: `python manage.py send_reminders [--today YYYY-MM-DD]`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reminders.services import reminders_send


class Command(BaseCommand):
    help = "Scan every due-date source, create reminders once each, and e-mail them."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD), e.g. to catch up.")

    def handle(self, *args, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today must be a date written YYYY-MM-DD.") from exc
        result = reminders_send(today=day)
        for source, count in result.by_source.items():
            self.stdout.write(f"{source}: {count} new")
        self.stdout.write(f"{result.today}: {result.created} notifications created, {result.emailed} e-mailed.")
