from django.core.management.base import BaseCommand

from leads.models import Lead


class Command(BaseCommand):
    help = "Score every quote request again by the current rules (after they change, or after upgrading)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the requests.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(f"Would score {Lead.objects.count()} request(s).")
            return
        self.stdout.write(self.style.SUCCESS(f"Scored {Lead.objects.rescore()} request(s)."))
