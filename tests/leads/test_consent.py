"""Double opt-in: marketing consent counts only once the visitor confirms it from the email."""

import csv
import io
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from leads.models import Lead

pytestmark = pytest.mark.django_db


def confirmation_link(email):
    found = re.search(r"http://\S+/ciop/quote/confirm/\S+/", email.body)
    return found.group(0).split("://", 1)[1].split("/", 1)[1] if found else None


@pytest.fixture
def opted_in(submit):
    submit(marketing_opt_in="on")
    return Lead.objects.get()


def reply_to_visitor():
    (reply,) = [email for email in mail.outbox if email.to == ["ada@analytical.example"]]
    return reply


def test_the_auto_reply_carries_a_confirmation_link_only_when_the_visitor_ticked_the_box(submit):
    submit()
    assert confirmation_link(reply_to_visitor()) is None
    mail.outbox.clear()
    Lead.objects.all().delete()
    submit(marketing_opt_in="on")
    assert confirmation_link(reply_to_visitor())


def test_opening_the_link_asks_and_only_the_button_confirms(client, opted_in):
    path = "/" + confirmation_link(reply_to_visitor())
    page = client.get(path)
    assert page.status_code == 200 and "Yes, send me news and offers" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    opted_in.refresh_from_db()
    assert opted_in.marketing_confirmed_at is None and not opted_in.has_marketing_consent

    confirmed = client.post(path)
    assert "you are subscribed" in confirmed.content.decode()
    opted_in.refresh_from_db()
    assert opted_in.marketing_confirmed_at and opted_in.has_marketing_consent


def test_exports_and_the_webhook_count_marketing_consent_only_once_confirmed(client, sales_client, opted_in):
    def exported():
        data = {"action": "export_csv", "_selected_action": [opted_in.pk]}
        (row,) = csv.DictReader(io.StringIO(sales_client.post("/admin/leads/lead/", data).content.decode()))
        return row["marketing_consent"], row["marketing_confirmed_at"]

    assert exported() == ("no", "")
    assert opted_in.webhook_payload("lead.created")["consent"]["marketing"] is False
    client.post("/" + confirmation_link(reply_to_visitor()))
    opted_in.refresh_from_db()
    consent, confirmed_at = exported()
    assert consent == "yes" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", confirmed_at)
    assert opted_in.webhook_payload("lead.created")["consent"]["marketing"] is True


def test_a_tampered_link_answers_400_and_an_old_one_410_with_words(client, opted_in, monkeypatch):
    path = "/" + confirmation_link(reply_to_visitor())
    tampered = client.post(path.replace("/confirm/", "/confirm/x"))
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.post(path)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    opted_in.refresh_from_db()
    assert opted_in.marketing_confirmed_at is None


def test_unconfirmed_consent_lapses_after_thirty_days_in_the_daily_purge(submit, settings):
    settings.LEADS_RATE_LIMIT = (100, 600)
    submit(marketing_opt_in="on", email="old@example.com")
    submit(marketing_opt_in="on", email="recent@example.com")
    submit(marketing_opt_in="on", email="confirmed@example.com")
    month_ago = timezone.now() - timezone.timedelta(days=31)
    Lead.objects.exclude(email="recent@example.com").update(consented_at=month_ago)
    Lead.objects.get(email="confirmed@example.com").confirm_marketing()

    call_command("purge_leads", "--older-than", "730")

    opted = dict(Lead.objects.values_list("email", "marketing_opt_in"))
    assert opted == {"old@example.com": False, "recent@example.com": True, "confirmed@example.com": True}
