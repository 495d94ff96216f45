"""On PostgreSQL, search reads its indexes: no query of a search scans the whole terms table
(tests/query_plans.py). On SQLite the FTS5 table is the index; skipped there.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from glossary import search
from glossary.models import Term
from tests.factories import TermFactory, TermLabelFactory
from tests.query_plans import whole_table_scans

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's indexes (the SQLite pass uses FTS5)"
    ),
]


@pytest.fixture
def glossary():
    safety = TermFactory(name="Safety stock", definition="Extra stock held against uncertainty.")
    TermLabelFactory(term=safety, label="Buffer stock")
    TermFactory(name="Material requirements planning", abbreviation="MRP", definition="Plans materials.")
    TermFactory(name="Backflush", definition="Recording component usage after production.")
    search.vocabulary()  # the typo corrector's word list: read once and cached, not per query


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
    assert whole_table_scans(captured.captured_queries, "glossary_term") == [], kind


def test_search_as_you_type_never_scans_the_whole_terms_table(client, glossary):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("glossary:suggest"), {"q": "safe"}).status_code == 200
    assert whole_table_scans(captured.captured_queries, "glossary_term") == []


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


def test_the_count_prices_out_scans_for_itself_only(glossary):
    assert len(Term.objects.published().search("stock")) == 1
    with connection.cursor() as cursor:  # inside the test's transaction, as in any atomic block
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
