"""The CRM webhook: an outbox saved with the lead, sent by the worker, signed, in order, once."""

import hmac

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import webhooks
from leads.models import Lead, WebhookDelivery
from tests.leads.concurrent_quotes import POSTS, QUOTE_SETTINGS, submit_at_once
from tests.leads.webhook_receiver import Receiver

SECRET = "crm-shared-secret"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def receiver():
    receivers = []

    def start(**options):
        receivers.append(Receiver(SECRET, **options))
        return receivers[-1]

    yield start
    for one in receivers:
        one.stop()


@pytest.fixture
def webhook_on(settings):
    def point_at(receiver, retry_seconds=0):
        settings.LEADS_WEBHOOK_URL, settings.LEADS_WEBHOOK_SECRET = receiver.url, SECRET
        settings.LEADS_WEBHOOK_RETRY_SECONDS = retry_seconds

    return point_at


def change_status(lead, status):
    lead.status = status
    lead.save(update_fields=["status"])


@pytest.mark.django_db
def test_the_webhook_is_off_by_default(submit, settings):
    assert settings.LEADS_WEBHOOK_URL == ""
    submit()
    change_status(Lead.objects.get(), Lead.Status.CONTACTED)
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_every_event_reaches_a_flaky_receiver_once_in_order_signed(
    submit, sales_client, receiver, webhook_on, database_tasks
):
    crm = receiver(fail_first=2).start()
    webhook_on(crm)
    submit(marketing_opt_in="on")
    lead = Lead.objects.get()
    assert WebhookDelivery.objects.filter(lead=lead, state="pending").count() == 1  # saved with the lead
    sales_client.post("/admin/leads/lead/", {"action": "mark_contacted", "_selected_action": [lead.pk]})
    change_status(Lead.objects.get(), Lead.Status.QUALIFIED)
    assert crm.attempts == 0  # nothing is sent inside the request

    run_worker()

    assert crm.bad_signatures == 0 and crm.attempts == 2 + 3
    assert [(event["event"], event["lead"]["status"]) for event in crm.events] == [
        ("lead.created", "new"),
        ("lead.status_changed", "contacted"),
        ("lead.status_changed", "qualified"),
    ]
    assert len({event["id"] for event in crm.events}) == 3
    created = crm.events[0]
    assert created["lead"]["quote_number"] == lead.quote_number and created["lead"]["score"] == lead.score
    assert created["consent"]["version"] and created["consent"]["text"].startswith("I agree")
    assert created["consent"]["marketing"] is False  # ticked, but not yet confirmed by email
    assert set(created["utm"]) == {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"}
    first = WebhookDelivery.objects.order_by("pk").first()
    assert first.state == "sent" and first.attempts == 3 and "503" in first.last_error


@pytest.mark.django_db
def test_a_failure_waits_twice_as_long_each_time_then_gives_up_and_resend_sends_it(
    submit, receiver, webhook_on, settings
):
    crm = receiver()  # not started: the CRM is down
    webhook_on(crm, retry_seconds=30)
    settings.LEADS_WEBHOOK_MAX_ATTEMPTS = 4
    submit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1 and "Could not reach the CRM" in delivery.last_error
    assert 25 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 30
    lead_id = delivery.lead_id
    assert webhooks.deliver(lead_id) is None  # not due yet: no attempt
    assert WebhookDelivery.objects.get().attempts == 1
    for pause in [60, 120]:
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())  # the pause is over
        retry_at = webhooks.deliver(lead_id)
        assert pause - 5 <= (retry_at - timezone.now()).total_seconds() <= pause
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert webhooks.deliver(lead_id) is None  # the fourth attempt was the last
    assert WebhookDelivery.objects.get().state == "failed"

    crm.start()
    call_command("resend_webhooks")
    assert WebhookDelivery.objects.get().state == "sent" and len(crm.events) == 1


@pytest.mark.django_db
def test_a_redirect_is_a_failure_not_a_delivery(submit, receiver, webhook_on):
    crm = receiver(fail_first=1, fail_with=302).start()
    webhook_on(crm)
    submit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and "302" in delivery.last_error and crm.events == []


def test_the_signature_is_hmac_sha256_of_the_body():
    expected = hmac.new(b"key", b'{"a": 1}', "sha256").hexdigest()
    assert webhooks.signature(b'{"a": 1}', "key") == f"sha256={expected}"


@pytest.mark.django_db
def test_without_a_secret_nothing_is_sent_and_the_lead_page_says_why(
    submit, receiver, settings, sales_client
):
    crm = receiver().start()
    settings.LEADS_WEBHOOK_URL = crm.url
    submit()
    lead = Lead.objects.get()
    assert crm.attempts == 0
    page = sales_client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Waiting to be sent" in page and "LEADS_WEBHOOK_SECRET" in page


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_quotes_with_the_receiver_down_are_saved_queued_and_all_delivered_later(
    live_server, programme, receiver, webhook_on, database_tasks, settings
):
    for name, value in QUOTE_SETTINGS.items():
        setattr(settings, name, value)
    crm = receiver()  # down until started below
    webhook_on(crm, retry_seconds=3600)
    live_server.thread.httpd.socket.listen(POSTS)

    assert submit_at_once(live_server.url) == [200] * POSTS
    assert Lead.objects.count() == POSTS
    assert WebhookDelivery.objects.filter(state="pending").count() == POSTS
    assert DBTaskResult.objects.filter(task_path="leads.tasks.deliver_webhooks").count() == POSTS

    run_worker()  # every first attempt fails: the CRM is down; each retry waits an hour
    waiting = WebhookDelivery.objects.filter(state="pending")
    assert waiting.count() == POSTS and set(waiting.values_list("attempts", flat=True)) == {1}
    retries = DBTaskResult.objects.filter(task_path="leads.tasks.deliver_webhooks", status="READY")
    assert retries.count() == POSTS
    # As if the hour had passed, rather than wait for it:
    waiting.update(next_attempt_at=timezone.now())
    retries.update(run_after=timezone.now())

    crm.start()
    run_worker()
    assert WebhookDelivery.objects.filter(state="sent").count() == POSTS
    quote_numbers = [event["lead"]["quote_number"] for event in crm.events]
    assert sorted(quote_numbers) == sorted(Lead.objects.values_list("quote_number", flat=True))
    assert len(crm.events) == POSTS and crm.bad_signatures == 0


def test_a_webhook_address_without_a_secret_fails_the_system_check(settings):
    settings.LEADS_WEBHOOK_URL, settings.LEADS_WEBHOOK_SECRET = "https://crm.example/hook", ""
    assert [error.id for error in webhooks.check_webhook_settings(None)] == ["leads.E001"]
    settings.LEADS_WEBHOOK_SECRET = "s"
    assert webhooks.check_webhook_settings(None) == []
