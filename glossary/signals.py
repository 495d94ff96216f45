"""Note changes that reach terms without `Term.save()`: deletions, labels and topics (and give a
freshly migrated database its A-Z lists).

Each receiver only tells glossary/derived.py what changed; the refresh runs there, at once or
at the end of the surrounding `bulk_changes()` block. `Term.save()` notes its own change.
"""

from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import listing
from .derived import bulk_changes
from .models import Listing, Term, TermLabel, term_path


def term_deleted(sender, instance, **kwargs):
    """Its search rows go, and the explanations and other apps' texts that linked to it are
    relinked (its names count as changed: the texts that hold them are looked at)."""
    link = f'href="{term_path(instance.slug)}"'
    linking_here = Term.objects.filter(Q(explanation_html__contains=link) | Q(definition_html__contains=link))
    with bulk_changes() as changes:
        changes.term(*linking_here.values_list("pk", flat=True))
        changes.mentions_of(instance.pk, instance.name, instance.abbreviation)


def label_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    with bulk_changes() as changes:
        changes.mentions_of(instance.term_id, instance.label)


def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A term's topics decide which topic-scoped terms its explanation may link to, and where a
    topic-scoped term itself is linked from."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    terms = Term.objects.filter(pk__in=pk_set or ()) if reverse else Term.objects.filter(pk=instance.pk)
    with bulk_changes() as changes:
        for term_id, scope in terms.values_list("pk", "link_scope"):
            if scope == Term.LinkScope.SAME_TOPIC:
                changes.mentions_of(term_id)
            else:
                changes.refiled(term_id)


def lists_after_migrate(sender, **kwargs):
    """A migrated database gets its A-Z lists at once (a new one, or one that had terms before the
    lists were stored); a flushed test database gets empty ones."""
    if Listing._meta.db_table in connection.introspection.table_names():
        listing.refresh()


def connect():
    post_delete.connect(term_deleted, sender=Term, dispatch_uid="glossary-term-deleted")
    post_save.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-saved")
    post_delete.connect(label_changed, sender=TermLabel, dispatch_uid="glossary-label-deleted")
    m2m_changed.connect(topics_changed, sender=Term.topics.through, dispatch_uid="glossary-topics-changed")
    post_migrate.connect(
        lists_after_migrate, sender=apps.get_app_config("glossary"), dispatch_uid="glossary-lists"
    )
