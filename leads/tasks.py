"""Lead work that runs in the background worker (`manage.py db_worker`, README "Background
tasks"): a visitor's request never waits for a mail server or the CRM. Both are queued after the
lead's transaction commits."""

from django_tasks import task

from . import emails, webhooks
from .models import Lead


@task()
def send_lead_emails(lead_id):
    """Send the lead's unsent emails; a failure is recorded on the lead (resend_lead_emails retries)."""
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is not None:  # erased before the worker got to it
        emails.send_lead_emails(lead)


@task()
def deliver_webhooks(lead_id):
    """Send the lead's waiting webhook events in order; after a failure, come back after the pause."""
    retry_at = webhooks.deliver(lead_id)
    backend = deliver_webhooks.get_backend()
    if retry_at is not None and backend.supports_defer:
        deliver_webhooks.using(run_after=retry_at).enqueue(lead_id)
