"""Spam rules without third parties: a honeypot, a minimum fill time and a per-IP rate limit."""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

logger = logging.getLogger(__name__)
SALT = "leads.form-started"


class Blocked(Exception):
    """A post that looks automated; the message is safe to show the visitor."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def started_stamp():
    return signing.dumps(time.time(), salt=SALT)


def check_fill_time(stamp):
    try:
        started = signing.loads(stamp, salt=SALT, max_age=settings.LEADS_MAX_FORM_AGE_SECONDS)
    except (signing.BadSignature, TypeError):
        raise Blocked("This form has expired. Please check your details and send it again.") from None
    if time.time() - float(started) < settings.LEADS_MIN_FILL_SECONDS:
        raise Blocked("That was quicker than we expected. Please wait a few seconds and send it again.")


def check_rate_limit(ip_address):
    limit, window = settings.LEADS_RATE_LIMIT
    key = f"leads:posts:{ip_address}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise Blocked(
            f"We received several requests from your network. Please try again in {window // 60} minutes, "
            f"or email {settings.LEADS_CONTACT_EMAIL}.",
            status=429,
        )


def check(data, ip_address):
    """Raise Blocked for a post that trips a rule; log it so staff can see what was turned away."""
    try:
        check_rate_limit(ip_address)
        if data.get("website"):
            raise Blocked("We could not accept this request. Please send it again.")
        check_fill_time(data.get("started", ""))
    except Blocked as blocked:
        logger.warning("Quote request blocked from %s: %s", ip_address, blocked)
        raise
