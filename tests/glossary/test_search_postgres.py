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
from tests.glossary.test_search import names_for
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


def test_the_count_and_the_text_tiers_price_out_scans_for_themselves_only(glossary):
    with CaptureQueriesContext(connection) as captured:
        names = [term.name for term in Term.objects.published().search("held")]
    assert names == ["Safety stock"]  # from the text's tier
    priced_out = [query for query in captured.captured_queries if "enable_indexscan = off" in query["sql"]]
    assert len(priced_out) == 3  # the count, the tier of the names, then that of the text
    with connection.cursor() as cursor:  # inside the test's transaction, as in any atomic block
        for setting in ["enable_seqscan", "enable_indexscan"]:
            cursor.execute(f"SHOW {setting}")
            assert cursor.fetchone()[0] == "on", setting


@pytest.fixture
def pallets():
    TermFactory(name="Regional pallet review", definition="Checking the pallets of a region.")
    TermFactory(name="Pallet audit", definition="A regional pallet reviewer signs each count.")
    TermFactory(name="Pallet pool", definition="Regional pallet reviews run monthly.")
    TermFactory(name="Pallet rack", definition="Regional pallet revenue is small.")
    TermFactory(name="Pallet label", definition="Regional stock review.")
    TermFactory(name="Pallet yard", definition="A yard of pallets and a pallet of reviewed stock.")


@pytest.mark.parametrize(
    "query",
    [
        "regional pallet rev",
        "regional pallet review",
        "pallet revi",
        "regional pallet the",
        "pallet r",
        "the pall",
        "pallet of rev",  # a stop word inside a phrase: 'pallet' <2> 'rev':*
    ],
)
def test_naming_the_words_a_prefix_stands_for_finds_what_the_prefix_finds(pallets, monkeypatch, query):
    named = names_for(query)
    monkeypatch.setattr(search, "prefix_words", lambda tokens: ())  # the last word read as `word:*`
    assert named == names_for(query)
    assert len(named) >= 3


def test_the_words_a_prefix_stands_for_are_the_indexed_words_it_begins(pallets, monkeypatch):
    # (the list only grows: words of terms other tests committed and deleted may be in it)
    words = search.prefix_words(["pallet", "rev"])
    assert {"revenu", "review"} <= set(words)  # stemmed, as indexed
    assert all(word.startswith("rev") for word in words)
    stemmed = search.prefix_words(["pallet", "reviewing"])  # the start of its stem, "review"
    assert "review" in stemmed and all(word.startswith("review") for word in stemmed)
    assert search.prefix_words(["pallet", "the"]) == ()  # a stop word: not in the index
    assert search.prefix_words(["the", "rev"]) == ()  # after stop words only: a prefix alone
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
    assert [line for line in text_matches if "''review''" in line and ":*" not in line] == text_matches
