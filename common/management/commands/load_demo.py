"""Load the demo data of every app, in INSTALLED_APPS order. Idempotent: twice = same rows."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo organisations, areas, users (one per role) and each app's seed figures."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is false.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG=false. Pass --force if you mean it.")
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                summary = module.load()
                self.stdout.write(f"{config.verbose_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
