"""Lead work that runs in the background worker (`manage.py db_worker`, README "Background
tasks"): a visitor's request never waits for a mail server. Outbound webhooks belong here too,
queued by services.py after the lead's transaction commits, like the emails."""

from django_tasks import task

from . import emails
from .models import Lead


@task()
def send_lead_emails(lead_id):
    """Send the lead's unsent emails; a failure is recorded on the lead (resend_lead_emails retries)."""
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is not None:  # erased before the worker got to it
        emails.send_lead_emails(lead)
