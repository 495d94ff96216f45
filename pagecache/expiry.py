"""How long a stored page may live: never past the moment the content changes on its own.

Saves bump the content version (version.py), but a term scheduled for 9:00 or a new day's term
of the day changes pages with no save at all. settings.PAGE_CACHE_NEXT_CHANGE names a function
that returns that moment; it is asked once per content version and again after the moment passes.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string


def page_lifetime(version):
    """Seconds to keep a page stored under this content version (at least one)."""
    now = time.time()
    key = f"pagecache:{version}:next-change"
    next_change = cache.get(key)
    if next_change is None or next_change <= now:
        next_change = next_change_after(now)
        cache.set(key, next_change, settings.PAGE_CACHE_SECONDS)
    return max(1, min(settings.PAGE_CACHE_SECONDS, math.ceil(next_change - now)))


def next_change_after(now):
    if not settings.PAGE_CACHE_NEXT_CHANGE:
        return now + settings.PAGE_CACHE_SECONDS
    moment = import_string(settings.PAGE_CACHE_NEXT_CHANGE)()
    return moment.timestamp() if moment else now + settings.PAGE_CACHE_SECONDS
