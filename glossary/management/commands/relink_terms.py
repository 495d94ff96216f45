from django.core.management.base import BaseCommand

from glossary.derived import refresh_all


class Command(BaseCommand):
    help = "Rebuild the search index and every term's automatic cross-links (safe to run again)."

    def handle(self, *args, **options):
        refresh_all()
        self.stdout.write(self.style.SUCCESS("Search index and cross-links rebuilt."))
