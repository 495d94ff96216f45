"""Sending the outbox (`WebhookDelivery`) to the CRM: a signed JSON POST per event, each lead's
events in order, a failure retried later with a pause that doubles each time.

The receiver checks `X-TermiKnowledge-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body
with LEADS_WEBHOOK_SECRET, and may drop a repeated `X-TermiKnowledge-Delivery` id.
"""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core import checks
from django.utils import timezone

from .models import WebhookDelivery

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-TermiKnowledge-Signature"
LOCK_SECONDS = 120  # a worker that dies mid-send frees the delivery after this


class DeliveryFailed(Exception):
    pass


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error to fix in LEADS_WEBHOOK_URL: following it would resend the event
    as a GET without its body and count that as delivered."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(RefuseRedirects)


@checks.register()
def check_webhook_settings(app_configs, **kwargs):
    if settings.LEADS_WEBHOOK_URL and not settings.LEADS_WEBHOOK_SECRET:
        return [
            checks.Error(
                "LEADS_WEBHOOK_URL is set without LEADS_WEBHOOK_SECRET: no webhook event can be sent.",
                hint="Set LEADS_WEBHOOK_SECRET to the key the CRM checks signatures with.",
                id="leads.E001",
            )
        ]
    return []


def signature(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(delivery):
    return json.dumps({"id": delivery.pk, **delivery.payload}, sort_keys=True).encode()


def post(delivery):
    """POST one delivery; raises DeliveryFailed with words sales can read."""
    if not settings.LEADS_WEBHOOK_URL or not settings.LEADS_WEBHOOK_SECRET:
        raise DeliveryFailed(
            "The webhook address or secret is not set (LEADS_WEBHOOK_URL, LEADS_WEBHOOK_SECRET)."
        )
    body = body_of(delivery)
    request = urllib.request.Request(
        settings.LEADS_WEBHOOK_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "TermiKnowledge-Webhook/1",
            "X-TermiKnowledge-Event": delivery.event,
            "X-TermiKnowledge-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature(body, settings.LEADS_WEBHOOK_SECRET),
        },
    )
    try:
        with OPENER.open(request, timeout=settings.LEADS_WEBHOOK_TIMEOUT) as response:
            response.read(1024)
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"The CRM answered {error.code} {error.reason}.") from error
    except (OSError, ValueError) as error:  # refused, timed out, DNS, bad address
        reason = getattr(error, "reason", error)
        raise DeliveryFailed(f"Could not reach the CRM: {reason}.") from error


def retry_pause(attempts):
    seconds = settings.LEADS_WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1)
    return timezone.timedelta(seconds=min(seconds, 3600))


def claim(delivery, now):
    """Take the delivery for this worker alone; False when another worker has it."""
    free = WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.PENDING).exclude(
        locked_until__gt=now
    )
    return free.update(locked_until=now + timezone.timedelta(seconds=LOCK_SECONDS)) == 1


def send(delivery):
    """One attempt; records the outcome on the delivery. Returns True when sent."""
    now = timezone.now()
    if not claim(delivery, now):
        return False
    delivery.attempts += 1
    try:
        post(delivery)
    except DeliveryFailed as error:
        logger.warning("Webhook delivery %s failed: %s", delivery.pk, error)
        delivery.last_error = f"{now:%Y-%m-%d %H:%M:%S} attempt {delivery.attempts}: {error}"
        delivery.next_attempt_at = now + retry_pause(delivery.attempts)
        if delivery.attempts >= settings.LEADS_WEBHOOK_MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.FAILED
    else:
        delivery.state, delivery.sent_at, delivery.next_attempt_at = WebhookDelivery.State.SENT, now, None
    delivery.locked_until = None
    delivery.save(
        update_fields=["attempts", "last_error", "next_attempt_at", "state", "sent_at", "locked_until"]
    )
    return delivery.state == WebhookDelivery.State.SENT


def deliver(lead_id, due_only=True):
    """Send the lead's waiting events in order, stopping at the first that fails or is not due
    yet (a later event never overtakes an earlier one). Returns when that one should be retried,
    or None when nothing waits."""
    while delivery := WebhookDelivery.objects.filter(lead_id=lead_id).unsent().first():
        if due_only and delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
            return None  # the task that recorded the failure has queued its retry
        if not send(delivery) and delivery.state == WebhookDelivery.State.PENDING:
            return delivery.next_attempt_at  # failed this time (or another worker holds it)
    return None


def resend(dry_run=False):
    """Give every failed delivery a fresh set of attempts and send what waits now, lead by lead.
    Returns (sent, still waiting)."""
    failed = WebhookDelivery.objects.filter(state=WebhookDelivery.State.FAILED)
    waiting = WebhookDelivery.objects.exclude(state=WebhookDelivery.State.SENT)
    if dry_run:
        return 0, waiting.count()
    failed.update(state=WebhookDelivery.State.PENDING, attempts=0, next_attempt_at=None)
    before = WebhookDelivery.objects.filter(state=WebhookDelivery.State.SENT).count()
    for lead_id in waiting.order_by().values_list("lead_id", flat=True).distinct():
        deliver(lead_id, due_only=False)
    sent = WebhookDelivery.objects.filter(state=WebhookDelivery.State.SENT).count() - before
    return sent, waiting.count()
