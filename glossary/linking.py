"""Automatic cross-links: a mention of another published term in an explanation links to it.

A trie of every published name and label, word by word, runs over the text nodes of the
sanitized HTML: longest match first, each term linked once per page, never a term to itself,
never inside a link, heading or code. The result is stored in `Term.explanation_html` and the
targets in `Term.links_to`, so requests only read. The definition is linked the same way, on its
own, into `Term.definition_html` (search results show it); its links are not "used in".
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

from django.db import transaction

from .markup import render_markdown
from .models import SearchName, Term, TermLabel, term_path, topic_ids_by_term
from .search import normalise

SKIPPED_TAGS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
MIN_KEY_LENGTH = 2


@dataclass(frozen=True)
class Target:
    term_id: int
    url: str
    exact: str = ""  # abbreviations match only in this exact case ("IT" is not "it")
    topic_ids: frozenset | None = None  # linked only from terms in one of these topics; None: from any

    def may_link_from(self, topic_ids):
        return self.topic_ids is None or not self.topic_ids.isdisjoint(topic_ids)


# A text is read as words (runs of \w) and single other characters; a key is the same steps, each
# noting whether spaces come before it. Matching walks a trie of those steps, built in 0.04 s for
# 6,000 names where one regex of every name took about a second to compile (and a save that
# changed a name waited for it); matching every demo text took 0.4 s against the regex's 0.8 s.
TOKEN = re.compile(r"\w+|[^\w\s]")
WORD_CHARACTER = re.compile(r"\w")
END = None  # the trie's mark for "a key ends here"


def key_steps(key):
    """The key as (spaces before it?, lowercase token) steps: "safety stock" needs the space."""
    steps, previous_end = [], 0
    for token in TOKEN.finditer(key.lower()):
        steps.append((bool(steps) and token.start() > previous_end, token.group()))
        previous_end = token.end()
    return steps


def key_trie(keys):
    """{first token: node}; a node maps (spaces before?, token) to the next node, END to the key."""
    trie = {}
    for key in keys:
        steps = key_steps(key)
        if not steps:
            continue
        (_, first), *rest = steps
        node = trie.setdefault(first, {})
        for step in rest:
            node = node.setdefault(step, {})
        node[END] = key
    return trie


class Matcher:
    """Every published name, ready to link text."""

    def __init__(self, targets):
        self.targets = targets
        self.trie = key_trie(targets)

    def spans(self, text):
        """(start, end) of each mention, left to right: the longest key that starts and ends at a
        word boundary, matched without case and with any run of spaces for a space."""
        tokens = [(token.start(), token.end(), token.group().lower()) for token in TOKEN.finditer(text)]
        index = 0
        while index < len(tokens):
            start, end, first = tokens[index]
            index += 1
            node = self.trie.get(first)
            if node is None or (start and WORD_CHARACTER.match(text, start - 1)):
                continue
            found = self.longest(text, tokens, index, node, end)
            if found:
                index, match_end = found
                yield start, match_end

    def longest(self, text, tokens, index, node, end):
        """(next token index, end) of the longest key that goes on from `node`, or None."""
        found = (index, end) if self.ends_a_word(text, node, end) else None
        while index < len(tokens):
            start, token_end, token = tokens[index]
            node = node.get((start > end, token))
            if node is None:
                break
            index, end = index + 1, token_end
            if self.ends_a_word(text, node, end):
                found = (index, end)
        return found

    @staticmethod
    def ends_a_word(text, node, end):
        return END in node and (end == len(text) or not WORD_CHARACTER.match(text, end))

    def target_for(self, text):
        target = self.targets.get(" ".join(text.lower().split()))
        if target and target.exact and text != target.exact:
            return None
        return target

    def link_text(self, text, term_id, linked, topic_ids=frozenset()):
        pieces, position = [], 0
        for start, end in self.spans(text):
            mention = text[start:end]
            target = self.target_for(mention)
            if target is None or target.term_id in linked or target.term_id == term_id:
                continue
            if not target.may_link_from(topic_ids):
                continue
            linked.add(target.term_id)
            pieces.append(escape(text[position:start], quote=False))
            pieces.append(f'<a class="term-link" href="{target.url}">{escape(mention, quote=False)}</a>')
            position = end
        pieces.append(escape(text[position:], quote=False))
        return "".join(pieces)

    def link_html(self, html, term_id, topic_ids=frozenset(), linked=None):
        """(HTML with links added, set of linked term ids) for a term in these topics. Pass the
        `linked` set of earlier parts of the same text to link each term once across them."""
        linker = HTMLLinker(self, term_id, topic_ids, set() if linked is None else linked)
        linker.feed(html)
        linker.close()
        return "".join(linker.out), linker.linked


class HTMLLinker(HTMLParser):
    def __init__(self, matcher, term_id, topic_ids, linked):
        super().__init__(convert_charrefs=True)
        self.matcher, self.term_id, self.topic_ids = matcher, term_id, topic_ids
        self.out, self.linked, self.skipping = [], linked, 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        self.skipping += tag in SKIPPED_TAGS

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if self.skipping:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self.matcher.link_text(data, self.term_id, self.linked, self.topic_ids))


def linkable_terms(term_ids=None):
    """Public terms whose mentions may become links, with the topics a scoped one is linked from."""
    public = Term.objects.published().exclude(link_scope=Term.LinkScope.NEVER)
    if term_ids is not None:
        public = public.filter(pk__in=term_ids)
    return public, topic_ids_by_term(public.filter(link_scope=Term.LinkScope.SAME_TOPIC))


def build_matcher(term_ids=None):
    """Names first, then visible labels and abbreviations; a name wins over a label. With
    `term_ids`, only the names of those terms."""
    public, topics = linkable_terms(term_ids)
    targets = {}
    labels = TermLabel.objects.filter(term__in=public, auto_link=True).exclude(kind=TermLabel.Kind.HIDDEN)
    for term_id, slug, label, kind in labels.values_list("term_id", "term__slug", "label", "kind"):
        exact = label if kind == TermLabel.Kind.ABBREVIATION else ""
        targets[" ".join(label.lower().split())] = Target(
            term_id, term_path(slug), exact, topics.get(term_id)
        )
    for term_id, slug, abbreviation, scope in public.exclude(abbreviation="").values_list(
        "pk", "slug", "abbreviation", "link_scope"
    ):
        targets[abbreviation.lower()] = Target(
            term_id, term_path(slug), abbreviation, scoped(topics, term_id, scope)
        )
    for term_id, slug, name, scope in public.values_list("pk", "slug", "name", "link_scope"):
        targets[" ".join(name.lower().split())] = Target(
            term_id, term_path(slug), topic_ids=scoped(topics, term_id, scope)
        )
    return Matcher({key: target for key, target in targets.items() if len(key) >= MIN_KEY_LENGTH})


def scoped(topics, term_id, scope):
    """The topics a term may be linked from: None for anywhere, an empty set for a term in none."""
    return topics.get(term_id, frozenset()) if scope == Term.LinkScope.SAME_TOPIC else None


def relink(terms, matcher=None, batch_size=500):
    """Recompute explanation_html and links_to for these terms; returns how many were done.
    `matcher` is a Matcher, or a function that builds one (called only when something links)."""
    ids = list(terms.order_by("pk").values_list("pk", flat=True))
    if not isinstance(matcher, Matcher):
        if not terms.filter(auto_link=True).exclude(explanation="", definition="").exists():
            matcher = Matcher({})  # nothing here gets links: skip reading every name and label
        elif len(ids) <= FEW_TEXTS:
            matcher = matcher_for(ids)
        else:
            matcher = (matcher or build_matcher)()
    for start in range(0, len(ids), batch_size):
        relink_batch(ids[start : start + batch_size], matcher)
    return len(ids)


# Up to this many terms are relinked with only the names their texts may hold: reading every name
# and label takes about 0.9 s at 100,000 terms, most of a plain save.
FEW_TEXTS = 20
MAX_NAME_WORDS = 20


def matcher_for(term_ids):
    """A matcher with the names that may occur in these terms' texts (looked up in the search
    index's names, a superset) and their own current names, which the index may not hold yet."""
    words = set()
    for definition, explanation in Term.objects.filter(pk__in=term_ids).values_list(
        "definition", "explanation"
    ):
        words |= word_runs(f"{definition}\n{explanation}")
    candidates = set(term_ids)
    words = list(words)
    for start in range(0, len(words), 500):
        keys = SearchName.objects.filter(key__in=words[start : start + 500])
        candidates.update(keys.values_list("term_id", flat=True))
    return build_matcher(candidates)


def word_runs(text):
    """Every run of up to MAX_NAME_WORDS words of the text, normalized as the search index
    normalizes names, read with apostrophes joining words and apart ("buyer's" and "buyer")."""
    text = unescape(text)
    runs = set()
    for variant in (text, re.sub(r"['’]", " ", text)):
        words = normalise(variant).split()
        for start in range(len(words)):
            for end in range(start + 1, min(start + MAX_NAME_WORDS, len(words)) + 1):
                runs.add(" ".join(words[start:end]))
    return runs


@transaction.atomic
def relink_batch(ids, matcher):
    through = Term.links_to.through
    terms = list(Term.objects.filter(pk__in=ids).only("pk", "definition", "explanation", "auto_link"))
    topics = topic_ids_by_term(ids)
    rows = []
    for term in terms:
        term.explanation_html = render_markdown(term.explanation)
        term.definition_html = escape(term.definition, quote=False)
        if term.auto_link:
            term_topics = topics.get(term.pk, frozenset())
            term.definition_html = matcher.link_html(term.definition_html, term.pk, term_topics)[0]
        if term.auto_link and term.explanation_html:
            term.explanation_html, linked = matcher.link_html(term.explanation_html, term.pk, term_topics)
            rows += [through(from_term_id=term.pk, to_term_id=target) for target in linked]
    Term.objects.write_fields(terms, ["explanation_html", "definition_html"])
    through.objects.filter(from_term_id__in=ids).delete()
    through.objects.bulk_create(rows)


def link_keys(name, abbreviation):
    return {key for key in [name, abbreviation] if key and len(key) >= MIN_KEY_LENGTH}
