"""Print the default database's connection URL in libpq form, for pg_dump / pg_restore / psql.

`make backup` and `make restore` call it, so they work from the same DATABASE_URL as the app.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def libpq_url(database: dict) -> str:
    """postgresql://user:password@host:port/name, each part percent-encoded."""
    user = quote(database.get("USER") or "", safe="")
    password = quote(str(database.get("PASSWORD") or ""), safe="")
    host = database.get("HOST") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    if host.startswith("/"):  # a Unix socket directory goes in the query string
        location, query = "", f"?host={quote(host, safe='')}"
    else:
        location, query = quote(host, safe=":[]"), ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgresql://{credentials}{location}{port}/{quote(database['NAME'], safe='')}{query}"


class Command(BaseCommand):
    help = "Print DATABASE_URL in libpq form (postgresql://...), for pg_dump and pg_restore."

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if not database["ENGINE"].endswith("postgresql"):
            raise CommandError("Backups need PostgreSQL: set DATABASE_URL=postgres://...")
        self.stdout.write(libpq_url(database))
