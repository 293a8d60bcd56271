"""`make bench`: measure the product at scale (see bench/harness.py)."""

from django.core.management.base import BaseCommand, CommandError

from bench import harness


class Command(BaseCommand):
    help = (
        "Generate the scale data, serve it with gunicorn and measure every endpoint and export (the "
        "exports made by a command, such as export_ocds, in their own process: rows/s and peak RSS); "
        "writes bench/results.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="full", choices=["full", "small", "tiny"])
        parser.add_argument("--database", default="carers_bench", help="Database name (created if missing).")
        parser.add_argument(
            "--only",
            choices=["export"],
            default="",
            help="Measure only the exports: the HTTP exports against COPY (same data, same side-by-side "
            "run) and the exports made by a command (rows/s, peak RSS); writes bench/results-export.json.",
        )

    def handle(self, *args, scale: str, database: str, only: str = "", **options):
        try:
            payload = harness.run(scale, database, log=self.stdout.write, only=only)
        except RuntimeError as exc:  # no PostgreSQL, gunicorn would not start, a persona could not sign in
            raise CommandError(str(exc)) from exc
        failed = sum(result["errors"] for result in payload["endpoints"]) + (payload["load"] or {}).get("errors", 0)
        if failed:
            raise CommandError(f"{failed} request(s) failed: see the table above and bench/results.json.")
