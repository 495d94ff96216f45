"""Load the demo glossary from the reviewable YAML files in glossary/demo/.

Loading is idempotent: topics and terms are matched by slug, and a term is saved only when
something in the file differs from the database.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .derived import bulk_changes
from .models import FormerSlug, Term, TermLabel, TermSense, TermSource, Topic

DEMO_DIR = Path(__file__).resolve().parent / "demo"
TERM_FIELDS = ["name", "abbreviation", "definition", "explanation", "example", "usage_note"]
# Read for every stored term in five queries, not five per term (a second load of the demo's
# 3,000 terms went from 6 s to under 2 s).
TERM_CHILDREN = ["labels", "senses", "sources", "topics", "former_slugs"]


@dataclass
class LoadReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)


# libyaml's parser, where PyYAML was built with it, reads the demo files about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def read_topics(demo_dir=DEMO_DIR):
    return read_yaml(demo_dir / "topics.yaml")


def read_terms(demo_dir=DEMO_DIR):
    entries = []
    for path in sorted((demo_dir / "terms").glob("*.yaml")):
        entries.extend(read_yaml(path) or [])
    return entries


def term_slug(entry):
    return entry.get("slug") or slugify(entry["name"])


def stored_term(entry, existing):
    """The stored term an entry describes: by its slug, else by an address it had before it was
    renamed (`former_slugs`), so a renamed term keeps its history and its old address."""
    slugs = [term_slug(entry)] + (entry.get("former_slugs") or [])
    return next((existing[slug] for slug in slugs if slug in existing), None)


@transaction.atomic
def load_glossary(demo_dir=DEMO_DIR):
    """Load topics and terms; the search index and cross-links are refreshed once, at the end."""
    report = LoadReport()
    with bulk_changes() as changes:
        topics = load_topics(read_topics(demo_dir))
        entries = read_terms(demo_dir)
        existing = {term.slug: term for term in Term.objects.prefetch_related(*TERM_CHILDREN)}
        terms = {}
        for entry in entries:
            term, outcome = upsert_term(entry, topics, stored_term(entry, existing))
            setattr(report, outcome, getattr(report, outcome) + 1)
            terms[entry["name"].lower()] = term
        link_related(entries, terms, report)
        if report.created or report.changed:
            changes.all_terms()
    return report


def load_topics(rows):
    topics = {}
    for order, row in enumerate(rows, start=1):
        topic, _ = Topic.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "description": row.get("description", ""), "display_order": order},
        )
        topics[topic.slug] = topic
    return topics


def upsert_term(entry, topics, term):
    """Create or update the term an entry describes; `term` is the stored one (children
    prefetched) or None."""
    values = {name: (entry.get(name) or "").strip() for name in TERM_FIELDS}
    values["link_scope"] = entry.get("link_scope", Term.LinkScope.ANYWHERE)
    values["slug"] = term_slug(entry)
    outcome = "unchanged"
    if term is None:
        term = Term(status=Term.Status.PUBLISHED, published_at=timezone.now())
        term.last_reviewed = timezone.localdate()
        outcome = "created"
    elif any(getattr(term, name) != value for name, value in values.items()):
        outcome = "changed"
    if outcome != "unchanged":
        for name, value in values.items():
            setattr(term, name, value)
        term.save()
    stored = StoredChildren(term, is_new=outcome == "created")
    parts_changed = [
        sync_labels(term, stored.labels, entry.get("labels") or []),
        sync_senses(term, stored.senses, entry.get("senses") or []),
        sync_sources(term, stored.sources, entry.get("sources") or []),
        sync_topics(term, stored.topics, [topics[slug] for slug in entry.get("topics", [])]),
        keep_former_slugs(term, stored.former_slugs, entry.get("former_slugs") or []),
    ]
    if outcome == "unchanged" and any(parts_changed):
        outcome = "changed"
    return term, outcome


class StoredChildren:
    """A term's stored labels, senses, sources and topics: none for a term just created (no
    query), else what `prefetch_related` read."""

    def __init__(self, term, is_new):
        self.term, self.is_new = term, is_new

    def __getattr__(self, name):
        return [] if self.is_new else list(getattr(self.term, name).all())


def sync_children(rows, wanted, key_of, create):
    """Make a term's child rows equal `wanted` (a list of keys); True when anything changed."""
    current = {key_of(row): row for row in rows}
    if set(current) == set(wanted):
        return False
    for key, row in current.items():
        if key not in wanted:
            row.delete()
    for key in wanted:
        if key not in current:
            create(*key)
    return True


def sync_labels(term, rows, labels):
    return sync_children(
        rows,
        [
            (item["label"].strip(), item.get("kind", TermLabel.Kind.SYNONYM), item.get("link", True))
            for item in labels
        ],
        lambda row: (row.label, row.kind, row.auto_link),
        lambda label, kind, link: TermLabel.objects.create(term=term, label=label, kind=kind, auto_link=link),
    )


def sync_senses(term, rows, senses):
    return sync_children(
        rows,
        [(number, item["definition"].strip()) for number, item in enumerate(senses, start=1)],
        lambda row: (row.number, row.definition),
        lambda number, definition: TermSense.objects.create(term=term, number=number, definition=definition),
    )


def sync_sources(term, rows, sources):
    return sync_children(
        rows,
        [(item["title"], item.get("publisher", ""), item.get("url", "")) for item in sources],
        lambda row: (row.title, row.publisher, row.url),
        lambda title, publisher, url: TermSource.objects.create(
            term=term, title=title, publisher=publisher, url=url
        ),
    )


def sync_topics(term, rows, topics):
    if {topic.pk for topic in rows} == {topic.pk for topic in topics}:
        return False
    term.topics.set(topics)
    return True


def keep_former_slugs(term, rows, slugs):
    """Old addresses the file names answer 301 to the term. Those an editor's rename recorded stay."""
    missing = set(slugs) - {row.slug for row in rows}
    for slug in missing:
        FormerSlug.objects.update_or_create(slug=slug, defaults={"term": term})
    return bool(missing)


def link_related(entries, terms, report):
    """Related links are symmetrical: a link named on either side is shown on both."""
    neighbours = {term.pk: set() for term in terms.values()}
    for entry in entries:
        term = terms[entry["name"].lower()]
        for name in entry.get("related") or []:
            other = terms.get(name.lower())
            if other is None:
                report.warnings.append(f"{entry['name']}: related term “{name}” does not exist")
            elif other.pk != term.pk:
                neighbours[term.pk].add(other.pk)
                neighbours[other.pk].add(term.pk)
    through = Term.related.through
    current = set(
        through.objects.filter(from_term_id__in=neighbours, to_term_id__in=neighbours).values_list(
            "from_term_id", "to_term_id"
        )
    )
    wanted = {(source, target) for source, targets in neighbours.items() for target in targets}
    for source, target in current - wanted:
        through.objects.filter(from_term_id=source, to_term_id=target).delete()
    through.objects.bulk_create(
        [through(from_term_id=source, to_term_id=target) for source, target in wanted - current]
    )
