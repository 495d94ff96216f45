"""The content version: one number in the cache that every cached page's key includes.

Saving or deleting any public content bumps it, so every cached page is replaced at once.
"""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:version"


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def bump_version(**kwargs):
    """Bump now and again once the transaction commits.

    The second bump drops any page that a request rendered from the not yet committed data's
    previous state between the first bump and the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): start a fresh series
        cache.set(VERSION_KEY, 2, timeout=None)
