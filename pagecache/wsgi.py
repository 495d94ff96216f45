"""The page cache in front of Django: a stored page goes out before Django builds a request.

Only plain anonymous reads take this path (no session, no credentials, no conditional or range
header); everything else, and every miss, goes to Django, where PageCacheMiddleware stores pages
and answers 304s. The stored page already holds every header the middleware stack added.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache

from .middleware import MISSED_KEY, is_anonymous_read, is_excluded_path, page_key

LEFT_TO_DJANGO = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)


class PageCacheApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        stored = stored_page(environ)
        if stored is None:
            return self.application(environ, start_response)
        status, headers, content, _modified = stored
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]


def stored_page(environ):
    if (
        not settings.PAGE_CACHE_SECONDS
        or any(name in environ for name in LEFT_TO_DJANGO)
        or is_excluded_path(environ.get("PATH_INFO", ""))
        or not is_anonymous_read(environ)
    ):
        return None
    key = page_key(environ)
    stored = cache.get(key)
    if stored is None:
        environ[MISSED_KEY] = key  # the middleware need not look again
    return stored
