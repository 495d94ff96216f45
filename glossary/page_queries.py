"""The term page's queries, in plain SQL.

The term page is what the site serves most. Built by the ORM, its queries took about 2 ms of a
4 ms page, nearly all of it compiling them (SQLite and PostgreSQL answer each in tens of
microseconds); written out, they cost about 0.3 ms. Each returns model instances through
`Manager.raw()`, so templates use them like any other. Which terms the public may see is decided
by `Term.is_public`, the same rule as `TermQuerySet.published()`, and the orderings are the
models' own (Meta.ordering, `TermQuerySet.alphabetical()`).
"""

from functools import cache

from django.db import connection

from .models import Term, TermLabel, TermSense, TermSource, Topic

NEIGHBOUR_FIELDS = "id, name, slug, status, published_at, first_letter, sort_key, definition"


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def statements():
    related, links = Term.related.through, Term.links_to.through
    term, topic_link = table(Term), table(Term.topics.through)
    return {
        "term": f"SELECT * FROM {term} WHERE slug = %s",
        "labels": f"SELECT * FROM {table(TermLabel)} WHERE term_id = %s ORDER BY kind, label",
        "senses": f"SELECT * FROM {table(TermSense)} WHERE term_id = %s ORDER BY number",
        "sources": f"SELECT * FROM {table(TermSource)} WHERE term_id = %s ORDER BY title",
        "topics": f"SELECT topic.* FROM {table(Topic)} topic JOIN {topic_link} link "
        "ON link.topic_id = topic.id WHERE link.term_id = %s ORDER BY topic.display_order, topic.name",
        # Terms this one lists as related, and terms whose explanation links here, each once.
        "neighbours": f"""
            SELECT {NEIGHBOUR_FIELDS}, MAX(is_related) AS is_related, MAX(links_here) AS links_here
            FROM {term} JOIN (
                SELECT to_term_id AS neighbor_id, 1 AS is_related, 0 AS links_here
                FROM {table(related)} WHERE from_term_id = %s
                UNION ALL
                SELECT from_term_id, 0, 1 FROM {table(links)} WHERE to_term_id = %s
            ) neighbor ON neighbor.neighbor_id = id
            GROUP BY {NEIGHBOUR_FIELDS} ORDER BY sort_key""",
    }


def public_term(slug):
    """The term at this address if the public may see it, else None."""
    term = next(iter(Term.objects.raw(statements()["term"], [slug])), None)
    return term if term is not None and term.is_public else None


def attach_parts(term):
    """Set what the term page shows besides the term: five queries, whatever the term's status."""
    sql, pk = statements(), [term.pk]
    term.page_labels = [label for label in TermLabel.objects.raw(sql["labels"], pk) if label.is_visible]
    term.page_senses = list(TermSense.objects.raw(sql["senses"], pk))
    term.page_sources = list(TermSource.objects.raw(sql["sources"], pk))
    term.page_topics = list(Topic.objects.raw(sql["topics"], pk))
    neighbours = [other for other in Term.objects.raw(sql["neighbours"], pk * 2) if other.is_public]
    term.published_related = [other for other in neighbours if other.is_related]
    # "Used in" lists only what "Related terms" does not already show.
    term.used_in = [other for other in neighbours if other.links_here and not other.is_related]
