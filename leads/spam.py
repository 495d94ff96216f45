"""Spam rules without third parties: a honeypot, a fill-time stamp bound to the visitor's browser,
and per-IP rate limits (one for saved requests, a higher one for rejected posts).

The counts live in the Django cache, so processes that share a cache share the limits.
"""

import functools
import logging
import re
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

logger = logging.getLogger(__name__)
SALT = "leads.form-started"
COOKIE_NAME = "quote_form"
KEY_PATTERN = re.compile(r"[\w-]{22}")
AGAIN = " Your details are kept below: please check them and send the form again."


class Blocked(Exception):
    """A post that looks automated; the message is safe to show the visitor."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def binds_stamps(view):
    """Give the visitor a random key in a cookie that only the quote form's address receives, so a
    stamp signed with it is no good in another browser. Not a session: a session cookie would keep
    every later page of the visit out of the page cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        sent = request.COOKIES.get(COOKIE_NAME, "")
        request.quote_form_key = sent if KEY_PATTERN.fullmatch(sent) else secrets.token_urlsafe(16)
        response = view(request, *args, **kwargs)
        if request.quote_form_key != sent:
            response.set_cookie(
                COOKIE_NAME,
                request.quote_form_key,
                path=reverse("leads:quote"),
                secure=settings.CSRF_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return wrapper


def started_stamp(key, started=None):
    """The signed time the form was shown, good only with this visitor key."""
    return signing.dumps(time.time() if started is None else started, salt=f"{SALT}:{key}")


def check_fill_time(stamp, key):
    try:
        started = float(signing.loads(stamp, salt=f"{SALT}:{key}"))
    except (signing.BadSignature, TypeError, ValueError):
        raise Blocked(
            "This form has expired: it was opened in another browser, or before cookies were cleared." + AGAIN
        ) from None
    age = time.time() - started
    if age > settings.LEADS_MAX_FORM_AGE_SECONDS:
        minutes = settings.LEADS_MAX_FORM_AGE_SECONDS // 60
        raise Blocked(f"This form has expired: it was open for more than {minutes} minutes." + AGAIN)
    if age < settings.LEADS_MIN_FILL_SECONDS:
        raise Blocked("That was quicker than we expected. Please wait a few seconds and send it again.")


def too_many(window):
    return Blocked(
        f"We received several requests from your network. Please try again in {window // 60} minutes, "
        f"or email {settings.LEADS_CONTACT_EMAIL}.",
        status=429,
    )


def count_key(kind, ip_address):
    return f"leads:{kind}:{ip_address}"


def add_one(key, window):
    """Count one more in a window that starts with the first; returns the count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def check_flood(ip_address):
    limit, window = settings.LEADS_REJECTED_RATE_LIMIT
    if cache.get(count_key("rejected", ip_address), 0) >= limit:
        raise too_many(window)


def count_rejected(ip_address):
    """Count a post that was turned away (spam rule or form error) towards the flood limit."""
    add_one(count_key("rejected", ip_address), settings.LEADS_REJECTED_RATE_LIMIT[1])


def count_saved(ip_address):
    """Count a valid request about to be saved; raise Blocked when this address has saved enough."""
    limit, window = settings.LEADS_RATE_LIMIT
    if add_one(count_key("saved", ip_address), window) > limit:
        logger.warning("Quote request blocked from %s: more than %s saved", ip_address, limit)
        raise too_many(window)


def check(request, ip_address):
    """Raise Blocked for a post that trips a rule; count and log it so that staff can see what was
    turned away and a flood of rejected posts stops."""
    try:
        check_flood(ip_address)
        try:
            if request.POST.get("website"):
                raise Blocked("We could not accept this request. Please send it again.")
            check_fill_time(request.POST.get("started", ""), request.quote_form_key)
        except Blocked:
            count_rejected(ip_address)
            raise
    except Blocked as blocked:
        logger.warning("Quote request blocked from %s: %s", ip_address, blocked)
        raise
