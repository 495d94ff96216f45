"""The editors' quality dashboard: lists of terms that need attention, one query per list."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Term, topic_ids_by_term

LONG_DEFINITION_WORDS = 50
# A one-word term linked from this many explanations outside its own topics, spread over this many
# topics, is most likely a common word used in other senses (a truck load is not work center load).
CROSS_TOPIC_LINKS = 15
CROSS_TOPIC_SPREAD = 8
REVIEW_EVERY_DAYS = 365
MAX_LINES = 100
# What other apps' content points at a term: name -> function of the term's OuterRef returning the
# links to it. Apps above the glossary add theirs in AppConfig.ready(): courses adds CIOP modules
# and videos, so a term they teach is not an orphan.
TERM_POINTERS = {}


def add_term_pointer(name, links_to):
    TERM_POINTERS[name] = links_to


@dataclass
class Check:
    title: str
    explanation: str
    lines: list = field(default_factory=list)  # (term, note) pairs

    @property
    def truncated(self):
        return len(self.lines) > MAX_LINES

    @property
    def shown(self):
        return self.lines[:MAX_LINES]


def by_name(queryset):
    return queryset.only("pk", "name", "status").order_by("name")[: MAX_LINES + 1]


def orphans():
    """Terms nothing points to: no related links, no replaced term, nothing in TERM_POINTERS."""
    pointed_at = Exists(Term.related.through.objects.filter(to_term=OuterRef("pk")))
    pointed_at |= Exists(Term.objects.filter(replaced_by=OuterRef("pk")))
    for links_to in TERM_POINTERS.values():
        pointed_at |= Exists(links_to(OuterRef("pk")))
    return Term.objects.exclude(pointed_at)


def orphan_explanation():
    pointers = ["related term", "replaced term"] + list(TERM_POINTERS)
    return f"Nothing links to these terms: no {', '.join(pointers[:-1])} or {pointers[-1]}."


def long_definitions():
    terms = Term.objects.only("pk", "name", "status", "definition").order_by("name")
    return [
        (term, f"{len(term.definition.split())} words")
        for term in terms
        if len(term.definition.split()) > LONG_DEFINITION_WORDS
    ][: MAX_LINES + 1]


def links_to_unpublished():
    through = Term.related.through
    links = (
        through.objects.filter(from_term__in=Term.objects.published())
        .exclude(to_term__in=Term.objects.published())
        .select_related("from_term", "to_term")
        .order_by("from_term__name", "to_term__name")[: MAX_LINES + 1]
    )
    return [
        (link.from_term, f"links to {link.to_term} ({link.to_term.get_status_display()})") for link in links
    ]


def not_reviewed():
    year_ago = timezone.localdate() - timezone.timedelta(days=REVIEW_EVERY_DAYS)
    stale = Term.objects.filter(last_reviewed__lt=year_ago) | Term.objects.filter(last_reviewed__isnull=True)
    return [
        (term, f"last reviewed {term.last_reviewed:%d %b %Y}" if term.last_reviewed else "never reviewed")
        for term in stale.only("pk", "name", "status", "last_reviewed").order_by("last_reviewed", "name")[
            : MAX_LINES + 1
        ]
    ]


def common_words_linked_across_topics():
    """One-word terms linked from anywhere whose links come mostly from other subjects."""
    candidates = Term.objects.filter(link_scope=Term.LinkScope.ANYWHERE).exclude(name__contains=" ")
    topics, no_topics = topic_ids_by_term(), frozenset()
    outside = {}  # target id: [links from outside its topics, the topics they come from]
    links = Term.links_to.through.objects.filter(to_term__in=candidates)
    for source, target in links.values_list("from_term_id", "to_term_id"):
        source_topics = topics.get(source, no_topics)
        if source_topics.isdisjoint(topics.get(target, no_topics)):
            count, spread = outside.setdefault(target, [0, set()])
            outside[target][0] = count + 1
            spread |= source_topics
    flagged = {
        target: (count, len(spread))
        for target, (count, spread) in outside.items()
        if count >= CROSS_TOPIC_LINKS and len(spread) >= CROSS_TOPIC_SPREAD
    }
    return [
        (term, "linked from {} terms in {} other topics".format(*flagged[term.pk]))
        for term in by_name(Term.objects.filter(pk__in=flagged))
    ]


def plain(queryset):
    return [(term, "") for term in by_name(queryset)]


def quality_report():
    return [
        Check(
            "Missing a short definition",
            "A term cannot be published without one.",
            plain(Term.objects.filter(definition="")),
        ),
        Check(
            "Without a topic",
            "Readers browse by topic; file each term under one.",
            plain(Term.objects.filter(topics__isnull=True)),
        ),
        Check(
            "Without related terms",
            "Give readers somewhere to go next.",
            plain(Term.objects.filter(related__isnull=True)),
        ),
        Check(
            "Orphans",
            orphan_explanation(),
            plain(orphans()),
        ),
        Check(
            f"Definitions over {LONG_DEFINITION_WORDS} words",
            "Keep the short definition to one or two sentences.",
            long_definitions(),
        ),
        Check(
            "Published terms linking to unpublished terms",
            "Readers do not see these links until the target is published.",
            links_to_unpublished(),
        ),
        Check(
            "Not reviewed for over a year", "Check the term and set its last reviewed date.", not_reviewed()
        ),
        Check(
            "Common words linked across topics",
            "Mentions in other subjects often mean something else. Set “Linked from” to “Only from terms "
            "that share one of its topics”, or add the term to those topics if the sense is the same.",
            common_words_linked_across_topics(),
        ),
    ]
