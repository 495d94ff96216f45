"""On PostgreSQL, search reads its indexes: no query of a search scans the whole terms table.

Each query a search sends is explained with sequential scans priced out (`enable_seqscan = off`):
PostgreSQL then scans a table only where no index can answer, so the plan says whether an index
serves the query whatever the table's size. On SQLite the FTS5 table is the index; skipped there.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from glossary import search
from glossary.models import Term
from tests.factories import TermFactory, TermLabelFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's indexes (the SQLite pass uses FTS5)"
    ),
]

WHOLE_TERMS_TABLE = re.compile(r"Seq Scan on glossary_term\b")  # not glossary_term_topics


@pytest.fixture
def glossary():
    safety = TermFactory(name="Safety stock", definition="Extra stock held against uncertainty.")
    TermLabelFactory(term=safety, label="Buffer stock")
    TermFactory(name="Material requirements planning", abbreviation="MRP", definition="Plans materials.")
    TermFactory(name="Backflush", definition="Recording component usage after production.")
    search.vocabulary()  # the typo corrector's word list: read once and cached, not per query


def plans(queries):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            cursor.execute(f"EXPLAIN {query['sql']}")
            yield query["sql"], "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("safety stock", "an exact name"),
        ("buffer", "a label's start"),
        ("mrp", "an abbreviation"),
        ("uncertainty", "a word of the definition"),
        ("safety unc", "several words, the last one a prefix"),
        ("backflsh", "a typo the vocabulary corrects"),
        ("zzzqqqxx", "no match at all: the trigram fallback"),
    ],
)
def test_search_never_scans_the_whole_terms_table(glossary, query, kind):
    with CaptureQueriesContext(connection) as captured:
        list(Term.objects.published().search(query)[:20])
    assert captured.captured_queries, kind
    for sql, plan in plans(captured.captured_queries):
        assert not WHOLE_TERMS_TABLE.search(plan), f"{kind}: {sql}\n{plan}"


def test_search_as_you_type_never_scans_the_whole_terms_table(client, glossary):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("glossary:suggest"), {"q": "safe"}).status_code == 200
    for sql, plan in plans(captured.captured_queries):
        assert not WHOLE_TERMS_TABLE.search(plan), f"{sql}\n{plan}"


def test_the_search_vectors_follow_every_save(glossary):
    term = Term.objects.get(name="Backflush")
    term.definition = "Deducting parts from stock once the assembly is reported."
    term.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_names_vector::text, search_text_vector::text FROM glossary_term WHERE id = %s",
            [term.pk],
        )
        names, text = cursor.fetchone()
    assert names == "'backflush':1"
    assert "'assembl'" in text and "'usag'" not in text
