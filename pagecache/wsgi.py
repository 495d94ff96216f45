"""The page cache in front of Django: a stored page goes out before Django builds a request.

Only plain anonymous reads take this path (no session, no credentials, no conditional or range
header); everything else, and every miss, goes to Django, where PageCacheMiddleware stores pages
and answers 304s. The stored page already holds every header the middleware stack added.

Each worker also keeps its most recently served pages ready to send (HotPages): a page served
again skips the shared cache's unpickling and the status line and header list are built once.
Their keys hold the content version, so a save anywhere retires them as soon as the version is read.
"""

import time
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from .middleware import MISSED_KEY, is_anonymous_read, is_excluded_path, page_key
from .version import current_version

LEFT_TO_DJANGO = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)
HOT_PAGES = 500  # per worker; a term page is about 25 KB


class HotPages:
    """Pages ready to send, by page key, each until the moment its stored copy expires."""

    def __init__(self, size=HOT_PAGES):
        self.size = size
        self.pages = {}

    def get(self, key):
        ready = self.pages.get(key)
        if ready is None or ready[0] <= time.time():
            return None
        return ready

    def keep(self, key, stored):
        status, headers, content, _modified, expires = stored
        if len(self.pages) >= self.size:
            del self.pages[next(iter(self.pages))]  # the oldest: dicts keep insertion order
        ready = (expires, f"{status} {HTTPStatus(status).phrase}", list(headers.items()), content)
        self.pages[key] = ready
        return ready


class PageCacheApplication:
    def __init__(self, application, hot_pages=HOT_PAGES):
        self.application = application
        self.hot = HotPages(hot_pages)

    def __call__(self, environ, start_response):
        ready = self.ready_page(environ)
        if ready is None:
            return self.application(environ, start_response)
        _expires, status_line, headers, content = ready
        start_response(status_line, list(headers))
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]

    def ready_page(self, environ):
        if not is_plain_anonymous_read(environ):
            return None
        try:
            version = current_version()
        except DatabaseError:  # e.g. a connection the server closed: Django's request replaces it
            return None
        key = page_key(environ, version)
        ready = self.hot.get(key)
        if ready is not None:
            return ready
        stored = cache.get(key)
        if stored is None:
            environ[MISSED_KEY] = (version, key)  # the middleware need not look again
            return None
        return self.hot.keep(key, stored)


def is_plain_anonymous_read(environ):
    return (
        settings.PAGE_CACHE_SECONDS
        and not any(name in environ for name in LEFT_TO_DJANGO)
        and not is_excluded_path(environ.get("PATH_INFO", ""))
        and is_anonymous_read(environ)
    )
