"""Everything derived from terms, kept in step by one function: `refresh_terms`.

What a term derives: its explanation rendered and cross-linked (`explanation_html`), its
definition cross-linked (`definition_html`), the terms its explanation links to ("used in" on
theirs), its search rows, the A-Z lists' counts and pages (glossary/listing.py, in the worker)
and the page cache's content version. A change to a term's name,
labels, publication or topics also changes the links in other explanations and definitions that
mention it, and in the texts of higher apps that link to terms (the CIOP program's, registered
by courses with `link_texts_with`).

Every path that changes terms ends here: a save or delete (models.py and signals.py note the
change), the admin's forms and actions, an import, the demo loader, `relink_terms` and a scheduled
term going live (tasks.py). Inside `bulk_changes()` every signal of every app only notes what
changed, and the refresh (one cross-link matcher, one page cache bump) runs when the outermost
block ends without an error.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Q

from pagecache.signals import content_changed
from pagecache.signals import paused as page_cache_paused

# Above this many names to look for, relinking every term is quicker than searching for each.
MAX_MENTION_KEYS = 40
# Past this many texts to relink after a rename or a publication, the worker does it: a common
# name ("inventory") is in half of the texts at 100,000 terms, about a minute of work.
MAX_MENTIONS_IN_REQUEST = 1000


@dataclass
class Changes:
    """What a block of work changed, to refresh once when it ends."""

    term_ids: set = field(default_factory=set)  # terms whose own derived data is stale
    renamed_ids: set = field(default_factory=set)  # terms whose mentions elsewhere may link anew
    stale_keys: set = field(default_factory=set)  # names and labels that linked before the change
    everything: bool = False  # relink and reindex every term
    lists: bool = False  # the A-Z lists' counts and pages (glossary/listing.py)
    texts: bool = False  # other apps' texts changed: link them again (see `link_texts_with`)

    def term(self, *term_ids):
        self.term_ids.update(term_ids)

    def mentions_of(self, term_id, *stale_keys):
        """The term's names or publication changed: what mentions it (or them) is relinked."""
        self.term_ids.add(term_id)
        self.renamed_ids.add(term_id)
        self.stale_keys.update(key for key in stale_keys if key)
        self.lists = True

    def refiled(self, term_id):
        """The term's topics changed: the topics' lists change with them."""
        self.term_ids.add(term_id)
        self.lists = True

    def all_terms(self):
        self.everything = True

    def other_texts(self):
        """A text another app links with the glossary's names (a CIOP module, say) changed."""
        self.texts = True

    def discard(self):
        """Nothing to refresh after all: the work was a dry run or was rolled back."""
        self.term_ids, self.renamed_ids, self.stale_keys = set(), set(), set()
        self.everything = self.texts = self.lists = False

    def __bool__(self):
        return bool(self.term_ids or self.everything or self.texts)


_pending = ContextVar("glossary_pending_changes", default=None)


@contextmanager
def bulk_changes():
    """Gather the changes made inside the block and refresh what they derive once, at its end.

    Nested blocks join the outermost one. The page cache's signals are paused too, and its
    version is bumped once. After an error nothing is refreshed (the transaction rolls back).
    """
    outer = _pending.get()
    if outer is not None:
        yield outer
        return
    changes = Changes()
    token = _pending.set(changes)
    with page_cache_paused():
        try:
            yield changes
        finally:
            _pending.reset(token)
        if changes:
            refresh(changes)


def in_bulk():
    return _pending.get() is not None


def refresh_terms(term_ids, mentions=True):
    """Refresh what these terms derive; with `mentions`, also the explanations that mention them
    (or linked to them), as after a rename, a publication or a term going live."""
    with bulk_changes() as changes:
        for term_id in term_ids:
            if mentions:
                changes.mentions_of(term_id)
            else:
                changes.term(term_id)


def refresh_all():
    """Rebuild the search index and every term's cross-links (`manage.py relink_terms`)."""
    with bulk_changes() as changes:
        changes.all_terms()


# Functions of higher apps that store their own texts cross-linked to terms (courses registers
# one): each is called with `matcher()`, which builds the cross-link matcher once per refresh, and
# `mentioned(text)`, which says whether a text may mention or link a term whose names changed
# (None: its texts changed, or every term did, so it links them all again).
_text_linkers = []


def link_texts_with(linker):
    """Register `linker(matcher, mentioned)`: called when the names that link changed or its texts did."""
    if linker not in _text_linkers:
        _text_linkers.append(linker)


def refresh(changes):
    from . import linking, search, tasks
    from .models import Term

    matcher = functools.cache(linking.build_matcher)
    # Relinked first: the search rows hold the rendered explanation, and the mentions of a renamed
    # term are found in the search rows of the others.
    if changes.everything:
        linking.relink(Term.objects.all(), matcher)
        search.reindex_all()
    else:
        relink_terms_and_mentions(changes, matcher)
        search.reindex(changes.term_ids, names_changed=bool(changes.renamed_ids))
        tasks.schedule_going_live(changes.term_ids)
    if changes.everything or changes.renamed_ids or changes.texts:
        mentioned = None if changes.everything or changes.texts else holds_any_of(changed_keys(changes))
        for linker in _text_linkers:
            linker(matcher, mentioned)
    if changes.everything or changes.lists:
        tasks.refresh_listings.enqueue()
    content_changed()


def relink_terms_and_mentions(changes, matcher):
    """The changed terms now; the texts that mention a renamed one now too, unless there are more
    than MAX_MENTIONS_IN_REQUEST: then the background worker relinks them (`relink_mentions`)."""
    from . import linking, tasks
    from .models import Term

    relinked = Term.objects.filter(terms_to_relink(changes)).distinct()
    if changes.renamed_ids and relinked.count() > len(changes.term_ids) + MAX_MENTIONS_IN_REQUEST:
        linking.relink(Term.objects.filter(pk__in=changes.term_ids), matcher)
        tasks.relink_mentions.enqueue(sorted(changes.renamed_ids), sorted(changes.stale_keys))
    else:
        linking.relink(relinked, matcher)


def relink_mentions_of(renamed_ids, stale_keys):
    """The texts that mention these terms (or named them so before), relinked, then the page
    cache's version bumped: the background half of a refresh."""
    from . import linking
    from .models import Term

    changes = Changes(renamed_ids=set(renamed_ids), stale_keys=set(stale_keys))
    linking.relink(Term.objects.filter(terms_to_relink(changes)).distinct())
    content_changed()


def terms_to_relink(changes):
    """The changed terms, the terms that linked to a renamed one, and those whose explanation or
    definition mentions its names (found by the full-text index where it can tell; else by
    scanning for each name, or by relinking every term when there are too many names)."""
    from . import search

    keys = changed_keys(changes)
    mentions = Q(pk__in=changes.term_ids) | Q(links_to__in=changes.renamed_ids)
    found = search.mentioning(keys)
    if found is not None:
        return mentions | Q(pk__in=found)
    if len(keys) > MAX_MENTION_KEYS:
        return Q()
    for key in keys:
        mentions |= Q(explanation__icontains=key) | Q(definition__icontains=key)
    return mentions


def changed_keys(changes):
    """The names, abbreviations and labels of the renamed terms, as they were and as they are."""
    from . import linking
    from .models import Term, TermLabel

    keys = set(changes.stale_keys)
    for name, abbreviation in Term.objects.filter(pk__in=changes.renamed_ids).values_list(
        "name", "abbreviation"
    ):
        keys |= linking.link_keys(name, abbreviation)
    keys |= set(TermLabel.objects.filter(term_id__in=changes.renamed_ids).values_list("label", flat=True))
    return keys


def holds_any_of(keys):
    """Whether a text holds one of these names (in any case), so that its links may change."""
    lowered = [key.lower() for key in keys]
    return lambda text: any(key in text.lower() for key in lowered)
