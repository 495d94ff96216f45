from django.core.management.base import BaseCommand

from leads import webhooks


class Command(BaseCommand):
    help = "Send the webhook events that wait or failed, each lead's in order, now."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what waits.")

    def handle(self, *args, dry_run, **options):
        sent, waiting = webhooks.resend(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{waiting} webhook event(s) wait to be sent.")
            return
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} webhook event(s)."))
        if waiting:
            self.stdout.write(
                self.style.WARNING(f"{waiting} still failing; see the lead pages for the errors.")
            )
