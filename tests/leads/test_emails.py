import pytest
from django.core import mail
from django.core.management import call_command

from leads.models import Lead

pytestmark = pytest.mark.django_db

FAILING = "tests.leads.email_backends.FailingEmailBackend"


def test_a_failing_mail_server_never_loses_the_lead(submit, settings, client):
    settings.EMAIL_BACKEND = FAILING
    response = submit()
    lead = Lead.objects.get()
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert lead.sales_notified_at is None and lead.auto_reply_sent_at is None
    assert "SMTP server unreachable" in lead.email_error
    assert "notify_sales" in lead.email_error and "reply_to_visitor" in lead.email_error


def test_resend_sends_what_failed_once_the_server_is_back(submit, settings, capsys):
    settings.EMAIL_BACKEND = FAILING
    submit()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("resend_lead_emails")
    lead = Lead.objects.get()
    assert lead.sales_notified_at and lead.auto_reply_sent_at and lead.email_error == ""
    assert len(mail.outbox) == 2
    assert "Sent the emails of 1 request(s)" in capsys.readouterr().out
    call_command("resend_lead_emails")
    assert len(mail.outbox) == 2  # nothing is sent twice


def test_resend_reports_what_still_fails(submit, settings, capsys):
    settings.EMAIL_BACKEND = FAILING
    submit()
    call_command("resend_lead_emails")
    out = capsys.readouterr().out
    assert "Still failing" in out and Lead.objects.get().quote_number in out
