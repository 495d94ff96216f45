import re

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


SENTENCE = "Winner! Claim your prize now at https://prize.example/claim before midnight"


def test_the_auto_reply_repeats_no_free_text_but_sales_gets_it_all(submit, settings):
    settings.LEADS_NOTIFY_EMAILS = ["desk@example.com"]
    submit(
        name=SENTENCE,
        email="stranger@example.com",
        company="Visit https://company.example",
        job_title="Read https://job.example",
        message="Go to https://message.example",
    )
    sales, reply = mail.outbox
    assert reply.to == ["stranger@example.com"]
    assert "http" not in reply.subject
    (link,) = re.findall(r"https?://\S+", reply.body)  # only the link to the quote
    assert link.endswith(Lead.objects.get().get_absolute_url())
    for text in ["prize", "company.example", "job.example", "message.example", "Winner"]:
        assert text not in reply.body
    assert reply.body.startswith("Hello,")
    for text in [SENTENCE, "https://company.example", "https://job.example", "https://message.example"]:
        assert text in sales.body


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Ada Lovelace", "Dear Ada,"),
        ("José-María O'Neil", "Dear José-María,"),
        ("https://evil.example", "Hello,"),
        ("Dr. Who", "Hello,"),
        ("A" * 31 + " Smith", "Hello,"),
    ],
)
def test_the_auto_reply_greets_by_a_first_name_that_looks_like_one(submit, name, greeting):
    submit(name=name)
    assert mail.outbox[1].body.startswith(greeting + "\n")
