"""Keep what is derived from terms in step: the search index and cross-links.

Bulk loads wrap their work in `deferred()` and rebuild everything once at the end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

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
    previous = getattr(instance, "previous", None)
    old_keys = keys_before(previous)
    if keys != old_keys or (previous and previous["link_scope"] != instance.link_scope):
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


def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A term's topics decide which topic-scoped terms its explanation may link to, and where a
    topic-scoped term itself is linked from."""
    if _deferred.get() or action not in {"post_add", "post_remove", "post_clear"}:
        return
    terms = Term.objects.filter(pk__in=pk_set or ()) if reverse else Term.objects.filter(pk=instance.pk)
    for term in terms.only("pk", "name", "abbreviation", "link_scope"):
        if term.link_scope == Term.LinkScope.SAME_TOPIC:
            labels = set(term.labels.values_list("label", flat=True))
            linking.relink_mentions(term.pk, linking.link_keys(term.name, term.abbreviation) | labels)
        else:
            linking.relink(Term.objects.filter(pk=term.pk))


def connect():
    post_save.connect(term_saved, sender=Term, dispatch_uid="glossary-term-saved")
    pre_delete.connect(term_deleting, sender=Term, dispatch_uid="glossary-term-deleting")
    post_delete.connect(term_deleted, sender=Term, dispatch_uid="glossary-term-deleted")
    post_save.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-saved")
    post_delete.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-deleted")
    m2m_changed.connect(topics_changed, sender=Term.topics.through, dispatch_uid="glossary-topics-changed")
