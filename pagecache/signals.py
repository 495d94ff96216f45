"""Cache invalidation for the page cache: saving or deleting public content bumps the version."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .version import bump_version


def watched_models():
    """The installed models of settings.PAGE_CACHE_WATCHED_MODELS; names of absent apps are skipped."""
    for label in settings.PAGE_CACHE_WATCHED_MODELS:
        try:
            yield apps.get_model(label)
        except LookupError:
            continue


def connect():
    for model in watched_models():
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(bump_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump_version, sender=through, dispatch_uid=f"{uid}-{field.name}")
