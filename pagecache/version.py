"""The content version: one value that every cached page's key includes.

Saving or deleting any public content bumps it, so every cached page is replaced at once. With a
shared cache (Redis) the version lives in the cache. With the local-memory cache each gunicorn
worker has its own cache, so the version lives in the database (ContentVersion), which every
process of the site sees: the workers and `manage.py` commands (an import, `relink_terms`) alike.
"""

import time
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import ContentVersion

VERSION_KEY = "pagecache:version"
# The WSGI front looks up the version on every request and serves a stored page in about 150 µs
# of CPU. Reading it from the database costs about 25 µs on SQLite and 135-185 µs on PostgreSQL
# (a round trip), measured with timeit on 2 cores: a sixth of that page to more than all of it.
# So each process reads it at most this often (ten reads a second, a negligible cost): saves
# made in this process are seen at once, saves made by another process within this many seconds.
DATABASE_READ_SECONDS = 0.1


class DatabaseVersion:
    """This process's view of the database's version, and a count of this process's own bumps.

    The count makes a save made here seen at once, even inside a transaction, without reading the
    database again; the database's number is raised only after the commit, so a rolled-back save
    never takes a number that a later save will use.
    """

    def __init__(self):
        self.number = 0
        self.bumps_here = 0
        self.read_until = 0.0

    def get(self):
        now = monotonic()
        if now >= self.read_until:
            self.number = ContentVersion.objects.number()
            self.read_until = now + DATABASE_READ_SECONDS
        return f"{self.number}.{self.bumps_here}"

    def changed_here(self):
        self.bumps_here += 1


database_version = DatabaseVersion()


def current_version():
    if settings.CACHE_IS_PER_PROCESS:
        return database_version.get()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = new_series()
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def new_series():
    """A version no earlier series used, even after the cache was emptied: workers keep what they
    built by version (the promotion, ready pages), and a reused number would bring it back."""
    return time.time_ns()


def bump_version(**kwargs):
    """Bump now and again once the transaction commits.

    The second bump drops any page that a request rendered from the not yet committed data's
    previous state between the first bump and the commit. Outside a transaction the first bump is
    the commit's; an m2m change bumps once, after it is made. In the database only the commit's
    bump is made (other processes cannot see the data before it); the first is this process's own.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if settings.CACHE_IS_PER_PROCESS:
        database_version.changed_here()
        transaction.on_commit(bump_database)  # at once outside a transaction
        return
    bump_cache()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_cache)


def bump_database():
    ContentVersion.objects.raise_number()
    database_version.changed_here()


def bump_cache():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): start a fresh series
        cache.set(VERSION_KEY, new_series(), timeout=None)
