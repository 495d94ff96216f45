from django.core.management.base import BaseCommand

from glossary.models import Suggestion
from leads.models import Lead


class Command(BaseCommand):
    help = (
        "Erase every quote request of one email address, with its notes and history, and the address "
        "on every reader's suggestion that carries it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, email, dry_run, **options):
        leads = Lead.objects.for_email(email)
        suggestions = Suggestion.objects.for_email(email)
        if dry_run:
            count, erased_suggestions = leads.count(), suggestions.count()
        else:
            count, erased_suggestions = leads.erase(), suggestions.erase_email(email)
            Lead.history.filter(email__iexact=email.strip()).delete()  # rows of an email since corrected
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} request(s) from {email}."))
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the address on {erased_suggestions} reader suggestion(s).")
        )
