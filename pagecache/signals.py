"""Cache invalidation for the page cache: saving or deleting public content bumps the version.

Bulk work (a demo load, an import, an admin action over many rows) runs inside `paused()`: the
saves inside only note that content changed, and the version is bumped once when the block ends.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .version import bump_version

# While paused: a list that records whether anything changed (one bump at the end); else None.
_paused = ContextVar("pagecache_paused", default=None)


def watched_models():
    """The installed models of settings.PAGE_CACHE_WATCHED_MODELS; names of absent apps are skipped."""
    for label in settings.PAGE_CACHE_WATCHED_MODELS:
        try:
            yield apps.get_model(label)
        except LookupError:
            continue


@contextmanager
def paused():
    """Hold back version bumps inside the block; bump once at its end if content changed."""
    if _paused.get() is not None:  # nested: the outer block bumps
        yield
        return
    changed = []
    token = _paused.set(changed)
    try:
        yield
    finally:
        _paused.reset(token)
        if changed:
            bump_version()


def content_changed(**kwargs):
    """A watched model changed (a signal receiver), or a caller changed content without signals."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    changed = _paused.get()
    if changed is None:
        bump_version()
    else:
        changed.append(True)


def connect():
    for model in watched_models():
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
