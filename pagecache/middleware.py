"""Whole pages for anonymous visitors, served from the cache before sessions, auth and views run.

A page is stored only when nothing in it belongs to one visitor: a GET or HEAD without a session
or messages cookie, answered 200 or 301, setting no cookie (so never a page carrying a CSRF
token), with no Cache-Control of its own and not on an excluded path or URL name. The key holds
the content version (see version.py), so saving any watched model replaces every page at once.
Everything else the middleware touches is marked `private, no-store`.

The middleware comes first in settings.MIDDLEWARE, so a stored page carries the headers every
other middleware added (security headers included), and pagecache.wsgi can replay it without
running Django at all.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date

from .expiry import page_lifetime
from .version import current_version

PAGE_KEY_PREFIX = "pagecache:page:2"  # 2: stored pages carry their expiry time (pagecache.wsgi)
# Set in the WSGI environ by pagecache.wsgi when it found nothing: (content version, page key).
MISSED_KEY = "pagecache.missed"
READ_METHODS = {"GET", "HEAD"}
STORED_STATUSES = {200, 301}
HARMLESS_VARY = {"cookie", "accept-encoding"}  # cookie: only sessions vary, and they bypass
# The parts of a request a stored page may depend on; the key is made of them and nothing else.
KEY_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "PATH_INFO",
    "QUERY_STRING",
)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or is_excluded_path(request.path):
            return self.get_response(request)
        if not is_anonymous_read(request.META):
            return keep_private(self.get_response(request))
        request.get_host()  # a Host outside ALLOWED_HOSTS answers 400 before any lookup
        version, key, stored = look_up(request.META)
        if stored is not None:
            return answer(request, *stored)
        response = self.get_response(request)
        if not is_storable(request, response):
            return keep_private(response)
        lifetime = page_lifetime(version)
        stored = freeze(response, lifetime)
        cache.set(key, stored, lifetime)
        return answer(request, *stored)


def is_excluded_path(path):
    return path.startswith(excluded_paths())


def is_anonymous_read(meta):
    """A GET or HEAD with no credentials and no cookie naming a session or pending messages."""
    if meta.get("REQUEST_METHOD") not in READ_METHODS or "HTTP_AUTHORIZATION" in meta:
        return False
    cookie = meta.get("HTTP_COOKIE")
    if not cookie:
        return True
    cookies = parse_cookie(cookie)
    return not any(name in cookies for name in bypass_cookies())


# Read once, not on every request (pagecache.wsgi answers in microseconds); tests that override
# these settings send setting_changed, which forgets them.
@functools.cache
def excluded_paths():
    return tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)


@functools.cache
def bypass_cookies():
    return (settings.SESSION_COOKIE_NAME, *settings.PAGE_CACHE_BYPASS_COOKIES)


@receiver(setting_changed)
def forget_settings(**kwargs):
    excluded_paths.cache_clear()
    bypass_cookies.cache_clear()


def look_up(meta):
    """The content version, the page's key and its stored copy (None if there is none). What the
    WSGI front already looked up in vain is not looked up again."""
    if MISSED_KEY in meta:
        return (*meta[MISSED_KEY], None)
    version = current_version()
    key = page_key(meta, version)
    return version, key, cache.get(key)


def page_key(meta, version):
    address = "\n".join(str(meta.get(field, "")) for field in KEY_FIELDS)
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{version}:{digest}"


def is_storable(request, response):
    match = request.resolver_match
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return (
        response.status_code in STORED_STATUSES
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and vary <= HARMLESS_VARY
        and not (match and match.view_name in settings.PAGE_CACHE_EXCLUDED_URL_NAMES)
    )


def freeze(response, lifetime):
    """What the cache keeps: status, headers (with ETag and Last-Modified), body, modified time
    and expiry time (for pagecache.wsgi.HotPages, which keeps pages outside the cache)."""
    response["Cache-Control"] = settings.PAGE_CACHE_CONTROL
    response["Content-Length"] = str(len(response.content))
    set_response_etag(response)
    modified = int(time.time())
    response["Last-Modified"] = http_date(modified)
    return response.status_code, dict(response.items()), response.content, modified, modified + lifetime


def answer(request, status, headers, content, modified, _expires):
    response = HttpResponse(content, status=status, headers=headers)
    return get_conditional_response(request, headers.get("ETag"), modified, response)


def keep_private(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)
    return response
