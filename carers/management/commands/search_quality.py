"""`manage.py search_quality`: the carer search's quality set (carers.search_quality) run in
process on the default database — the embedded default's demo data, or any other — as a CSC
officer (the demo's `csc` unless --username names another), over the carers of their council:
recall in the top 10 per kind of query."""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.choices import Role
from accounts.models import User
from carers import search_quality, selectors
from carers.models import Carer, FirstNameForm


class Command(BaseCommand):
    help = "Recall in the top 10 of the carer search, per kind of query, on this database's carers."

    def add_arguments(self, parser):
        parser.add_argument("--per-kind", type=int, default=search_quality.PER_KIND)
        parser.add_argument("--username", default="csc", help="A CSC officer (default: the demo's csc).")

    def handle(self, *args, per_kind: int, username: str, **options):
        officer = User.objects.filter(
            username=username, groups__name=Role.CSC_OFFICER, organisation__isnull=False
        ).first()
        if officer is None:
            raise CommandError(f"No CSC officer {username!r} with a council: load the demo data first (make demo).")
        rows = [
            search_quality.Row(*values)
            for values in Carer.objects.everyday()
            .filter(organisation_id=officer.organisation_id)
            .values_list("id", "first_name", "last_name", "date_of_birth", "phone", "postcode", "last_contact_at")
        ]
        if not rows:
            raise CommandError("That council holds no carers: load the demo data first (make demo).")
        forms: dict[str, set[str]] = {}
        for familiar, formal in FirstNameForm.objects.values_list("familiar", "formal"):
            forms.setdefault(familiar, set()).add(formal)
            forms.setdefault(formal, set()).add(familiar)
        if not rows:
            raise CommandError("That council holds no carers: load the demo data first (make demo).")
        cases = search_quality.build(rows, forms, per_kind=per_kind)
        found, seconds = {}, []
        for case in cases:
            started = time.perf_counter()
            found[case.query] = [c.pk for c in selectors.carer_search(user=officer, text=case.query)]
            seconds.append(time.perf_counter() - started)
        result = search_quality.recall(cases, found)
        seconds.sort()
        self.stdout.write(f"{len(rows):,} carers, {len(cases)} queries, as {officer.username}")
        for kind, figures in result.items():
            self.stdout.write(f"  {kind:<46} n={figures['n']:<4} recall@10 {figures['recall']}")
        if seconds:
            self.stdout.write(
                f"  in process: p50 {seconds[len(seconds) // 2] * 1000:.1f} ms, "
                f"p95 {seconds[int(len(seconds) * 0.95)] * 1000:.1f} ms"
            )
