"""The content version: one value that every cached page's key includes.

Saving or deleting any public content bumps it, so every cached page is replaced at once. With a
shared cache (Redis) the version lives in the cache. With the local-memory cache each gunicorn
worker has its own cache, so the version lives in a file all workers on the machine see
(settings.PAGE_CACHE_VERSION_FILE): a bump replaces the file, and its inode and time are the version.
"""

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:version"


def current_version():
    version_file = settings.PAGE_CACHE_VERSION_FILE
    if version_file:
        return file_version(version_file)
    version = cache.get(VERSION_KEY)
    if version is None:
        version = new_series()
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def new_series():
    """A version no earlier series used, even after the cache was emptied: workers keep what they
    built by version (the promotion, ready pages), and a reused number would bring it back."""
    return time.time_ns()


def file_version(path):
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return "0"
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


def bump_version(**kwargs):
    """Bump now and again once the transaction commits.

    The second bump drops any page that a request rendered from the not yet committed data's
    previous state between the first bump and the commit. Outside a transaction the first bump is
    the commit's; an m2m change bumps once, after it is made.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _bump():
    if settings.PAGE_CACHE_VERSION_FILE:
        replace_file(Path(settings.PAGE_CACHE_VERSION_FILE))
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): start a fresh series
        cache.set(VERSION_KEY, new_series(), timeout=None)


def replace_file(path):
    """A new file (new inode, new time) in place of the old one, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.write(handle, str(time.time_ns()).encode())
    os.close(handle)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
