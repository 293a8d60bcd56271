from django.core.management.base import BaseCommand

from common.cache import forget_this_database


class Command(BaseCommand):
    help = "Delete what the cache holds for this database (run after restoring a backup)."

    def handle(self, *args, **options):
        forget_this_database()
        self.stdout.write("Forgot the cached users, permissions and summaries of this database.")
