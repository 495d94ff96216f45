from django.core.management.base import BaseCommand

from leads.emails import send_lead_emails
from leads.models import Lead


class Command(BaseCommand):
    help = "Send the quote emails that failed earlier (sales notification and visitor auto-reply)."

    def handle(self, *args, **options):
        leads = list(Lead.objects.awaiting_email())
        failed = [lead for lead in leads if not send_lead_emails(lead)]
        self.stdout.write(self.style.SUCCESS(f"Sent the emails of {len(leads) - len(failed)} request(s)."))
        for lead in failed:
            self.stdout.write(self.style.WARNING(f"Still failing: {lead.quote_number}: {lead.email_error}"))
