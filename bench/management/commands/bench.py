"""`make bench`: measure the product at scale (see bench/harness.py)."""

from django.core.management.base import BaseCommand, CommandError

from bench import harness


class Command(BaseCommand):
    help = "Generate the scale data, serve it with gunicorn and measure every endpoint; writes bench/results.json."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="full", choices=["full", "small", "tiny"])
        parser.add_argument("--database", default="carers_bench", help="Database name (created if missing).")

    def handle(self, *args, scale: str, database: str, **options):
        try:
            payload = harness.run(scale, database, log=self.stdout.write)
        except RuntimeError as exc:  # no PostgreSQL, gunicorn would not start, a persona could not sign in
            raise CommandError(str(exc)) from exc
        failed = sum(result["errors"] for result in payload["endpoints"]) + payload["load"]["errors"]
        if failed:
            raise CommandError(f"{failed} request(s) failed: see the table above and bench/results.json.")
