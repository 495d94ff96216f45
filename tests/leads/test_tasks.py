"""The lead emails leave the request: queued after the lead is saved, sent by the worker."""

import pytest
from django.core import mail
from django.core.management import call_command

from leads.models import Lead


@pytest.mark.django_db(transaction=True)
def test_a_quote_request_answers_before_the_emails_are_sent_and_the_worker_sends_them(submit, database_tasks):
    response = submit()
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert not mail.outbox and lead.auto_reply_sent_at is None
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    lead.refresh_from_db()
    assert len(mail.outbox) == 2 and lead.auto_reply_sent_at and lead.sales_notified_at


@pytest.mark.django_db
def test_the_email_task_of_an_erased_lead_does_nothing(database_tasks):
    from leads.tasks import send_lead_emails

    send_lead_emails.call(12345)
    assert not mail.outbox
