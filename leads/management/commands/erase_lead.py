from django.core.management.base import BaseCommand

from leads.models import Lead


class Command(BaseCommand):
    help = "Erase every quote request of one email address, with its notes and history."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, email, dry_run, **options):
        leads = Lead.objects.for_email(email)
        count = leads.count() if dry_run else leads.erase()
        if not dry_run:
            Lead.history.filter(email__iexact=email.strip()).delete()  # rows of an email since corrected
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} request(s) from {email}."))
