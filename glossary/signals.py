"""Keep what is derived from terms in step: the search index and cross-links.

Bulk loads wrap their work in `deferred()` and rebuild everything once at the end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_delete

from . import linking, search
from .models import Term, TermLabel

_deferred = ContextVar("glossary_deferred", default=False)
_being_deleted = set()  # term ids whose labels are being deleted with them


@contextmanager
def deferred():
    """Skip per-save indexing and linking inside the block; the caller rebuilds afterwards."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def rebuild():
    search.reindex_all()
    linking.relink_all()


def keys_before(previous):
    if not previous or not Term(**previous).is_public:
        return set()
    return linking.link_keys(previous["name"], previous["abbreviation"])


def term_saved(sender, instance, created, raw=False, **kwargs):
    if raw or _deferred.get():
        return
    search.reindex([instance.pk])
    keys = linking.link_keys(instance.name, instance.abbreviation) if instance.is_public else set()
    old_keys = keys_before(getattr(instance, "previous", None))
    if keys != old_keys:
        labels = list(instance.labels.values_list("label", flat=True))
        linking.relink_mentions(instance.pk, keys | old_keys | set(labels))
    else:
        linking.relink(Term.objects.filter(pk=instance.pk))
    instance.explanation_html = Term.objects.values_list("explanation_html", flat=True).get(pk=instance.pk)


def term_deleting(sender, instance, **kwargs):
    instance.linked_from_ids = list(instance.linked_from.values_list("pk", flat=True))
    _being_deleted.add(instance.pk)


def term_deleted(sender, instance, **kwargs):
    _being_deleted.discard(instance.pk)
    if _deferred.get():
        return
    search.unindex_fts([instance.pk])
    linking.relink(Term.objects.filter(pk__in=getattr(instance, "linked_from_ids", [])))


def label_changed(sender, instance, raw=False, **kwargs):
    if raw or _deferred.get() or instance.term_id in _being_deleted:
        return
    search.reindex([instance.term_id])
    linking.relink_mentions(instance.term_id, {instance.label})


def connect():
    post_save.connect(term_saved, sender=Term, dispatch_uid="glossary-term-saved")
    pre_delete.connect(term_deleting, sender=Term, dispatch_uid="glossary-term-deleting")
    post_delete.connect(term_deleted, sender=Term, dispatch_uid="glossary-term-deleted")
    post_save.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-saved")
    post_delete.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-deleted")
