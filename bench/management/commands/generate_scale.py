"""Fill the bench database with deterministic synthetic data (see bench/spec.py and bench/data.py)."""

from django.core.management.base import BaseCommand, CommandError

from bench import data
from bench.spec import Scale


class Command(BaseCommand):
    help = "Create, migrate and fill the benchmark database; kept until the scale or the migrations change."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="full", choices=["full", "small", "tiny"])
        parser.add_argument("--database", default="carers_bench", help="Database name (created if missing).")
        parser.add_argument("--force", action="store_true", help="Rebuild even if the data is current.")

    def handle(self, *args, scale: str, database: str, force: bool, **options):
        try:
            data.ensure(Scale.named(scale), database, force=force, log=self.stdout.write)
        except RuntimeError as exc:  # DATABASE_URL is not PostgreSQL
            raise CommandError(str(exc)) from exc
