"""`python manage.py export_ocds --organisation ID|NAME [--output FILE]`: the OCDS 1.1 release
package of the procurements and contracts an organisation sees (the same scope and mapping as
`GET /api/ocds/releases/`, commissioning/ocds.py), every process in one package, streamed in
batches (memory stays flat however many contracts)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from rest_framework.exceptions import ValidationError

from accounts.models import Organisation
from commissioning import ocds
from commissioning.api.ocds_views import ReleaseQuerySerializer


class Command(BaseCommand):
    help = "Write the OCDS 1.1 release package of an organisation's procurements and contracts."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--organisation", help="The organisation whose records to export: its id or its name.")
        scope.add_argument("--all", action="store_true", help="Every organisation's records.")
        parser.add_argument("--output", help="Write to this file (default: standard output).")
        parser.add_argument("--updated-from", help="Only releases dated on or after this (YYYY-MM-DD or a date-time).")
        parser.add_argument("--updated-to", help="Only releases dated on or before this (a date includes that day).")
        parser.add_argument("--batch-size", type=int, default=ocds.BATCH_SIZE, help="Processes read per query.")
        parser.add_argument("--uri", default="", help="The package's URI (default: one naming the scope).")

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"]) if options["organisation"] else None
        query = ReleaseQuerySerializer(
            data={key: options[key] for key in ("updated_from", "updated_to") if options[key]}
        )
        try:
            query.is_valid(raise_exception=True)
        except ValidationError as exc:
            problems = "; ".join(
                f"--{field.replace('_', '-')}: {' '.join(map(str, errors))}" for field, errors in exc.detail.items()
            )
            raise CommandError(problems) from exc
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        window = ocds.Window(query.validated_data.get("updated_from"), query.validated_data.get("updated_to"))
        scope = ocds.organisation_scope(organisation.pk if organisation else None)
        uri = options["uri"] or f"urn:{ocds.ocid_prefix()}:releases:{organisation.pk if organisation else 'all'}"
        counts = {"processes": 0, "releases": 0}

        def releases():
            for _position, found in ocds.processes(scope, window, batch=options["batch_size"]):
                counts["processes"] += 1
                counts["releases"] += len(found)
                yield from found

        started = time.perf_counter()
        chunks = ocds.package_chunks(releases(), uri=uri)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                for chunk in chunks:
                    out.write(chunk)
            report = self.stdout
        else:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
            report = self.stderr
        seconds = time.perf_counter() - started
        report.write(
            f"{counts['releases']} releases of {counts['processes']} contracting processes in {seconds:.2f} s."
        )

    def _organisation(self, given: str) -> Organisation:
        found = (
            Organisation.objects.filter(pk=int(given))
            if given.isdigit()
            else Organisation.objects.filter(name__iexact=given)
        )
        organisation = found.first()
        if organisation is None:
            raise CommandError(f"No organisation {given!r}: give its id or its exact name.")
        return organisation
