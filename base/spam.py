"""Spam rules for public forms, without third parties or accounts: a honeypot, a fill-time stamp
bound to the visitor's browser, and per-IP rate limits (one for saved posts, a higher one for
rejected posts, so that typos never lock a person out).

Each form has a `FormGuard` that reads its limits from settings named after it
(`<PREFIX>_MIN_FILL_SECONDS`, `_MAX_FORM_AGE_SECONDS`, `_RATE_LIMIT`, `_REJECTED_RATE_LIMIT` and
optionally `_CONTACT_EMAIL`), read at each call so that tests may change them. The counts live in
the Django cache, so processes that share a cache share the limits.
"""

import functools
import logging
import re
import secrets
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

logger = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"[\w-]{22}")
AGAIN = " Your details are kept below: please check them and send the form again."


class Blocked(Exception):
    """A post that looks automated; the message is safe to show the visitor."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class FormGuard:
    """The spam rules of one public form.

    cookie_name: the cookie holding the visitor's random key; path_name: the URL name of the address
    that alone receives it (a prefix of every page of the form); settings_prefix: names the settings
    and the cache counters; what: how log lines name a post ("Quote request")."""

    cookie_name: str
    path_name: str
    settings_prefix: str
    what: str

    def setting(self, name, default=None):
        return getattr(settings, f"{self.settings_prefix}_{name}", default)

    def binds_stamps(self, view):
        """Give the visitor a random key (`request.form_key`) in a cookie that only the form's
        address receives, so a stamp signed with it is no good in another browser. Not a session: a
        session cookie would keep every later page of the visit out of the page cache."""

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            sent = request.COOKIES.get(self.cookie_name, "")
            request.form_key = sent if KEY_PATTERN.fullmatch(sent) else secrets.token_urlsafe(16)
            response = view(request, *args, **kwargs)
            if request.form_key != sent:
                response.set_cookie(
                    self.cookie_name,
                    request.form_key,
                    path=reverse(self.path_name),
                    secure=settings.CSRF_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response

        return wrapper

    @property
    def salt(self):
        return f"{self.settings_prefix.lower()}.form-started"

    def started_stamp(self, key, started=None):
        """The signed time the form was shown, good only with this visitor key."""
        return signing.dumps(time.time() if started is None else started, salt=f"{self.salt}:{key}")

    def check_fill_time(self, stamp, key):
        try:
            started = float(signing.loads(stamp, salt=f"{self.salt}:{key}"))
        except (signing.BadSignature, TypeError, ValueError):
            raise Blocked(
                "This form has expired: it was opened in another browser, or before cookies were cleared."
                + AGAIN
            ) from None
        age, max_age = time.time() - started, self.setting("MAX_FORM_AGE_SECONDS")
        if age > max_age:
            raise Blocked(
                f"This form has expired: it was open for more than {max_age // 60} minutes." + AGAIN
            )
        if age < self.setting("MIN_FILL_SECONDS"):
            raise Blocked("That was quicker than we expected. Please wait a few seconds and send it again.")

    def too_many(self, window):
        contact = self.setting("CONTACT_EMAIL", "")
        return Blocked(
            f"We received several requests from your network. Please try again in {window // 60} minutes"
            + (f", or email {contact}." if contact else "."),
            status=429,
        )

    def count_key(self, kind, ip_address):
        return f"{self.settings_prefix.lower()}:{kind}:{ip_address}"

    def check_flood(self, ip_address):
        limit, window = self.setting("REJECTED_RATE_LIMIT")
        if cache.get(self.count_key("rejected", ip_address), 0) >= limit:
            raise self.too_many(window)

    def count_rejected(self, ip_address):
        """Count a post that was turned away (spam rule or form error) towards the flood limit."""
        add_one(self.count_key("rejected", ip_address), self.setting("REJECTED_RATE_LIMIT")[1])

    def count_saved(self, ip_address):
        """Count a valid post about to be saved; raise Blocked when this address has saved enough."""
        limit, window = self.setting("RATE_LIMIT")
        if add_one(self.count_key("saved", ip_address), window) > limit:
            logger.warning("%s blocked from %s: more than %s saved", self.what, ip_address, limit)
            raise self.too_many(window)

    def check(self, request, ip_address):
        """Raise Blocked for a post that trips a rule; count and log it so that staff can see what was
        turned away and a flood of rejected posts stops."""
        try:
            self.check_flood(ip_address)
            try:
                if request.POST.get("website"):
                    raise Blocked("We could not accept this request. Please send it again.")
                self.check_fill_time(request.POST.get("started", ""), request.form_key)
            except Blocked:
                self.count_rejected(ip_address)
                raise
        except Blocked as blocked:
            logger.warning("%s blocked from %s: %s", self.what, ip_address, blocked)
            raise

    def retry_data(self, request):
        """The visitor's input with a fresh start time and an empty honeypot, so a human can send again."""
        data = request.POST.copy()
        data["started"], data["website"] = self.started_stamp(request.form_key), ""
        return data


def add_one(key, window):
    """Count one more in a window that starts with the first; returns the count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def client_ip(request):
    """The admin lock-out's reading of the address: X-Forwarded-For behind DJANGO_PROXY_COUNT
    proxies, so that behind nginx each visitor has a limit of their own, not one for everybody."""
    return get_client_ip_address(request) or "unknown"
