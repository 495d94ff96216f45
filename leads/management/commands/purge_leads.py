from django.conf import settings
from django.core.management.base import BaseCommand

from leads.models import Lead


class Command(BaseCommand):
    help = (
        "Delete quote requests older than DAYS days, with their notes and history, and withdraw "
        "marketing consent never confirmed within LEADS_MARKETING_CONFIRM_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, older_than, dry_run, **options):
        leads = Lead.objects.older_than(older_than)
        if dry_run:
            self.stdout.write(f"Would delete {leads.count()} request(s) older than {older_than} days.")
            return
        count = leads.erase()
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} request(s) older than {older_than} days."))
        lapsed = Lead.objects.expire_unconfirmed_marketing(settings.LEADS_MARKETING_CONFIRM_DAYS)
        self.stdout.write(f"Withdrew {lapsed} unconfirmed marketing consent(s).")
