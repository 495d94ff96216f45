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
from tests.query_plans import plans, whole_table_scans

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


@pytest.fixture
def pallets():
    TermFactory(name="Regional pallet review", definition="Checking the pallets of a region.")
    TermFactory(name="Pallet audit", definition="A regional pallet reviewer signs each count.")
    TermFactory(name="Pallet pool", definition="Regional pallet reviews run monthly.")
    TermFactory(name="Pallet rack", definition="Regional pallet revenue is small.")
    TermFactory(name="Pallet label", definition="Regional stock review.")


def names_for(query):
    return [term.name for term in Term.objects.published().search(query)]


@pytest.mark.parametrize(
    "query",
    ["regional pallet rev", "regional pallet review", "pallet revi", "regional pallet the", "pallet r"],
)
def test_naming_the_words_a_prefix_stands_for_finds_what_the_prefix_finds(pallets, monkeypatch, query):
    named = names_for(query)
    monkeypatch.setattr(search, "prefix_words", lambda tokens: ())  # the last word read as `word:*`
    assert named == names_for(query)
    assert len(named) >= 3


def test_the_words_a_prefix_stands_for_are_the_indexed_words_it_begins(pallets, monkeypatch):
    assert search.prefix_words(["pallet", "rev"]) == ("revenu", "review")  # stemmed, as indexed
    assert search.prefix_words(["pallet", "reviewing"]) == ("review",)  # the stem's start
    assert search.prefix_words(["pallet", "the"]) == ()  # a stop word: not in the index
    assert search.prefix_words(["rev"]) == ()  # a prefix alone is gathered as fast as its words
    monkeypatch.setattr(search, "MAX_PREFIX_WORDS", 1)
    assert search.prefix_words(["pallet", "rev"]) == ()  # too many: read as a prefix


def test_a_word_a_save_brings_is_found_by_its_start_at_once(pallets):
    term = Term.objects.get(name="Pallet rack")
    term.definition = "Regional pallet zanzibar racks."
    term.save()
    assert search.prefix_words(["pallet", "zanz"]) == ("zanzibar",)
    assert names_for("regional pallet zanz") == ["Pallet rack"]


def test_a_query_of_several_words_never_gathers_a_prefix_from_the_index(pallets):
    with CaptureQueriesContext(connection) as captured:
        list(Term.objects.published().search("regional pallet rev")[:20])
    lines = [line for _, plan in plans(captured.captured_queries) for line in plan.splitlines()]
    text_matches = [line for line in lines if "_vector @@" in line]
    assert text_matches
    assert [line for line in text_matches if "( ''revenu'' | ''review'' )" in line] == text_matches
