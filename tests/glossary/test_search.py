import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from glossary import search
from glossary.derived import bulk_changes
from glossary.models import Term
from glossary.search import normalise
from glossary.templatetags.glossary_tags import highlight
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db


def names_for(query):
    return [term.name for term in Term.objects.published().search(query)]


@pytest.fixture
def glossary():
    with bulk_changes():  # indexed and linked once at the end
        mrp = TermFactory(
            name="Material requirements planning",
            abbreviation="MRP",
            definition="A system that calculates the materials needed to meet a production plan.",
        )
        TermFactory(name="Closed-loop MRP", definition="MRP with feedback from execution.")
        TermFactory(name="Regeneration", definition="Replanning MRP from scratch.")
        safety = TermFactory(name="Safety stock", definition="Extra stock held against uncertainty.")
        TermLabelFactory(term=safety, label="Buffer stock")
        TermFactory(name="Safety lead time", definition="Ordering early to absorb late deliveries.")
        TermFactory(name="Sales and operations planning", abbreviation="S&OP", definition="A monthly plan.")
        TermFactory(name="Backflush", definition="Recording component usage after production.")
        TermFactory(name="Replenishment", definition="Moving stock to where it is needed.")
    return mrp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S&OP", "s and op"),
        ("  Économie  D'échelle ", "economie dechelle"),
        ("Just-in-time (JIT)", "just in time jit"),
    ],
)
def test_normalise_ignores_case_accents_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_an_abbreviation_finds_its_term_first(glossary):
    names = names_for("MRP")
    assert names[0] == "Material requirements planning"
    assert {"Closed-loop MRP", "Regeneration"} <= set(names)


@pytest.mark.parametrize("query", ["safety stock", "buffer stock", "BUFFER  STOCK", "Buffer-stock"])
def test_a_name_or_synonym_finds_the_same_term_first(glossary, query):
    assert names_for(query)[0] == "Safety stock"


def test_names_starting_with_the_query_come_before_full_text_matches(glossary):
    TermFactory(name="Uncertainty", definition="Anything about safety that is unknown.")
    names = names_for("safety")
    assert names[:2] == ["Safety lead time", "Safety stock"]
    assert names[-1] == "Uncertainty"


@pytest.mark.parametrize("query", ["S&OP", "s and op", "S & OP", "s&op"])
def test_punctuation_and_case_do_not_matter(glossary, query):
    assert names_for(query)[0] == "Sales and operations planning"


@pytest.mark.parametrize("query", ["economie d'echelle", "ÉCONOMIE D’ÉCHELLE", "Economie"])
def test_accents_do_not_matter(query):
    TermFactory(name="Économie d'échelle", definition="Lower unit cost at higher volume.")
    assert names_for(query)[0] == "Économie d'échelle"


def test_exact_name_beats_prefix_beats_full_text():
    TermFactory(name="Kanban card", definition="A card.")
    TermFactory(name="Pull system", definition="Replenishment signaled by a kanban.")
    TermFactory(name="Kanban", definition="A signal to replenish.")
    assert names_for("kanban") == ["Kanban", "Kanban card", "Pull system"]


def test_a_word_inside_a_name_ranks_before_words_in_definitions(monkeypatch):
    monkeypatch.setattr(search, "BODY_SCAN_LIMIT", 2)  # text matches are ranked among the first 2 found
    for number in range(5):
        TermFactory(name=f"Signal {number}", definition="A card used with kanban.")
    TermFactory(name="Electronic kanban", definition="A digital signal.")
    names = names_for("kanban")
    assert names[0] == "Electronic kanban"
    assert len(names) == 3


def test_words_in_the_definition_are_found(glossary):
    assert names_for("uncertainty") == ["Safety stock"]


def test_the_explanation_is_searched_as_readers_see_it_not_as_html():
    TermFactory(name="Demand review", explanation='The first step of S&OP, "before" supply review.')
    assert names_for("S&OP before") == ["Demand review"]
    assert names_for("quot") == names_for("amp") == []


def test_a_label_added_later_is_searchable_and_a_deleted_term_is_not(glossary):
    backflush = Term.objects.get(name="Backflush")
    TermLabelFactory(term=backflush, label="Post-deduct")
    assert names_for("post deduct") == ["Backflush"]
    backflush.delete()
    assert names_for("post deduct") == []


def test_drafts_are_never_found():
    TermFactory(name="Secret draft", status=Term.Status.DRAFT)
    assert names_for("secret draft") == []


@pytest.mark.parametrize(("typo", "expected"), [("backflsh", "Backflush"), ("replenshment", "Replenishment")])
def test_typos_still_find_the_term_and_say_did_you_mean(client, glossary, typo, expected):
    assert names_for(typo)[0] == expected
    html = client.get(reverse("glossary:search"), {"q": typo}).content.decode()
    assert f'Did you mean <a href="/search/?q={expected}">{expected}</a>?' in html
    assert f"for “{expected.lower()}”" in html and f"for “{typo}”" not in html


def test_a_later_page_of_a_corrected_typo_still_names_the_best_match(client):
    with bulk_changes():
        for number in range(25):
            TermFactory(name=f"Stock item {number:02}")
    html = client.get(reverse("glossary:search"), {"q": "stokc item", "page": 2}).content.decode()
    assert 'Did you mean <a href="/search/?q=Stock%20item%2000">Stock item 00</a>?' in html
    results = html.split('class="search-results', 1)[1]
    assert "/terms/stock-item-24/" in results and "/terms/stock-item-00/" not in results  # best: page 1


def test_results_page_highlights_counts_and_shows_topics(client, glossary):
    topic = TopicFactory(name="Inventory")
    Term.objects.get(name="Safety stock").topics.add(topic)
    response = client.get(reverse("glossary:search"), {"q": "safety"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 results for “safety”" in html
    assert "<mark>Safety</mark> stock" in html
    assert 'href="/topics/inventory/"' in html
    assert html.count("<h1") == 1


def test_results_are_paginated(client):
    for number in range(25):
        TermFactory(name=f"Cycle count {number:02d}")
    first = client.get(reverse("glossary:search"), {"q": "cycle count"})
    assert len(first.context["page_obj"]) == 20
    assert "25 results" in first.content.decode()
    second = client.get(reverse("glossary:search"), {"q": "cycle count", "page": 2})
    assert len(second.context["page_obj"]) == 5


def test_no_results_page_offers_ways_forward(client, glossary):
    TopicFactory(name="Procurement")
    html = client.get(reverse("glossary:search"), {"q": "zzzzqqq"}).content.decode()
    assert "No terms match “zzzzqqq”" in html
    assert "browse all terms A–Z" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        '"',
        '"unbalanced quote',
        "safety* OR NEAR(a b) NOT c",
        "name:foo AND body:bar ^x",
        "'; DROP TABLE glossary_term; --",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "\x00\x01",
        "%_%",
        "***",
    ],
)
def test_hostile_queries_give_a_clear_page(client, glossary, query):
    response = client.get(reverse("glossary:search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Term.objects.count() == 8
    suggest = client.get(reverse("glossary:suggest"), {"q": query})
    assert suggest.status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "9" * 50])
def test_any_page_number_gives_a_page(client, glossary, page):
    response = client.get(reverse("glossary:search"), {"q": "stock", "page": page})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) >= 1


def test_a_huge_query_is_shortened_with_a_message(client, glossary):
    html = client.get(reverse("glossary:search"), {"q": "safety " * 2000}).content.decode()
    assert "only its first 200 characters were used" in html


def test_highlighting_escapes_the_text(client):
    TermFactory(name="Fish & chips <b>", definition="Fish <i>and</i> chips.")
    html = client.get(reverse("glossary:search"), {"q": "fish"}).content.decode()
    assert "<mark>Fish</mark> &amp; chips &lt;b&gt;" in html
    assert "<i>and</i>" not in html


@pytest.mark.parametrize(
    "text, tokens, marked",
    [
        ("Stock-keeping units", ["keep"], "Stock-<mark>keeping</mark> units"),
        ("Plain words only", ["inv"], "Plain words only"),
        ("a <b> tag", ["tag"], "a &lt;b&gt; <mark>tag</mark>"),
        ("ABC_inventory level", ["inv"], "<mark>ABC_inventory</mark> level"),
        ("the company's stock", ["companys"], "the <mark>company&#x27;s</mark> stock"),
        ("Fish & chips", ["and"], "Fish <mark>&amp;</mark> chips"),
        ("Café stock", ["cafe"], "<mark>Café</mark> stock"),
    ],
)
def test_highlighting_marks_words_as_search_reads_them(text, tokens, marked):
    assert highlight(text, tokens) == marked


def test_suggest_returns_json_for_search_as_you_type(client, glossary):
    response = client.get(reverse("glossary:suggest"), {"q": "safe"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "safe"
    assert [item["name"] for item in data["suggestions"]][:2] == ["Safety lead time", "Safety stock"]
    assert data["suggestions"][1]["url"] == "/terms/safety-stock/"


def test_suggest_gives_at_most_eight_and_nothing_for_an_empty_query(client):
    for number in range(12):
        TermFactory(name=f"Stock item {number:02d}")
    data = client.get(reverse("glossary:suggest"), {"q": "stock it"}).json()
    assert data["count"] == 12 and len(data["suggestions"]) == 8
    assert client.get(reverse("glossary:suggest"), {"q": " "}).json()["suggestions"] == []


def test_site_search_box_submits_to_search_and_is_a_combobox(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="site-search[^>]*>.*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form and 'name="q"' in form
    label_for = re.search(r'<label[^>]*for="([^"]+)"', form).group(1)
    assert f'id="{label_for}"' in form
    listbox = re.search(r'<ul[^>]*role="listbox"[^>]*>', form).group(0)
    assert "hidden" in listbox and 'aria-label="Suggested terms"' in listbox
    assert 'aria-live="polite"' in form
    assert "js/search-combobox.js" in html


def test_the_combobox_script_follows_the_aria_pattern():
    script = Path(finders.find("js/search-combobox.js")).read_text()
    for needed in [
        '"role", "combobox"',
        '"aria-expanded"',
        '"aria-controls"',
        '"aria-autocomplete", "list"',
        '"aria-activedescendant"',
        '"role", "option"',
        '"aria-selected"',
    ]:
        assert needed in script, needed
    for key in ["ArrowDown", "ArrowUp", "Enter", "Escape"]:
        assert f'event.key === "{key}"' in script, key


@pytest.mark.parametrize(
    ("size", "query"), [(5, "stock"), (60, "stock"), (60, "stock item 1"), (60, "stokc")]
)
def test_search_page_query_count_is_pinned_whatever_the_size(client, django_assert_num_queries, size, query):
    topic = TopicFactory(name="Inventory")
    with bulk_changes():  # indexed once at the end, as an import does
        for number in range(size):
            TermFactory(name=f"Stock item {number}", topics=[topic])
    client.get(reverse("glossary:search"), {"q": "warm the vocabulary cache"})
    # the count, the name tiers (enough here: the full-text tiers are read only when names
    # leave the page short of the count), the page of terms and their topics; for a typo, the
    # count again for the correction ("Did you mean" names the top result, which is on the page);
    # on PostgreSQL, a query of several words first reads the words its last one begins
    expected = {"stock": 4, "stock item 1": 4, "stokc": 5}[query]
    expected += connection.vendor == "postgresql" and len(query.split()) > 1
    with django_assert_num_queries(expected):
        assert client.get(reverse("glossary:search"), {"q": query}).status_code == 200


def test_empty_search_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("glossary:search")).status_code == 200


def test_suggestions_say_why_they_matched_and_what_the_term_means(client, django_assert_num_queries):
    stock = TermFactory(name="Safety stock", definition="Extra stock held against uncertainty. " * 5)
    TermLabelFactory(term=stock, label="Buffer stock")
    TermFactory(name="Material requirements planning", abbreviation="MRP")
    client.get(reverse("glossary:suggest"), {"q": "warm the vocabulary cache"})
    with django_assert_num_queries(4):  # the count, the name tiers, the terms and their labels
        data = client.get(reverse("glossary:suggest"), {"q": "buffer"}).json()
    [item] = data["suggestions"]
    assert item["matched"] == {"kind": "synonym", "label": "Buffer stock"}
    assert item["definition"].startswith("Extra stock") and len(item["definition"]) <= 110
    assert data["search_url"] == "/search/?q=buffer" and data["count"] == 1
    mrp = client.get(reverse("glossary:suggest"), {"q": "mrp"}).json()["suggestions"][0]
    assert mrp["matched"] == {"kind": "abbreviation", "label": "MRP"}
    safety = client.get(reverse("glossary:suggest"), {"q": "safety"}).json()["suggestions"][0]
    assert safety["matched"] is None  # the name says it already


def test_search_results_link_the_terms_their_definitions_mention_and_keep_the_highlights(client, glossary):
    html = client.get(reverse("glossary:search"), {"q": "replanning"}).content.decode()
    mrp_link = '<a class="term-link" href="/terms/material-requirements-planning/">'
    assert f"<mark>Replanning</mark> {mrp_link}MRP</a> from scratch." in html
    html = client.get(reverse("glossary:search"), {"q": "mrp"}).content.decode()
    assert f"Replanning {mrp_link}<mark>MRP</mark></a> from scratch." in html
    assert 'href="/terms/material-requirements-planning/">MRP</a> with feedback' not in html  # highlighted
    definition = Term.objects.get(name="Material requirements planning").definition_html
    assert "term-link" not in definition  # never a link to itself


def test_a_definition_links_a_term_published_after_it_was_written(client, glossary):
    TermFactory(name="Uncertainty", definition="Not knowing.")
    html = client.get(reverse("glossary:search"), {"q": "extra"}).content.decode()
    assert 'Extra stock held against <a class="term-link" href="/terms/uncertainty/"><mark>' not in html
    assert 'held against <a class="term-link" href="/terms/uncertainty/">uncertainty</a>.' in html


def test_the_typo_word_list_is_read_again_only_when_a_name_comes_or_goes(glossary):
    def cached():
        return cache.get(search.VOCABULARY_CACHE_KEY) is not None

    backflush = Term.objects.get(name="Backflush")
    search.vocabulary()
    backflush.definition = "Deducting parts from stock once the assembly is reported."
    backflush.save()
    assert cached(), "an edit that leaves every name as it was keeps the list"
    backflush.name = "Backflushing"
    backflush.save()
    assert not cached() and "backflushing" in search.vocabulary()
    TermLabelFactory(term=backflush, label="Post-deduction")
    assert not cached() and "deduction" in search.vocabulary()
    backflush.delete()
    assert not cached() and "backflushing" not in search.vocabulary()


def robots_and_canonical(response):
    html = response.content.decode()
    robots = re.search(r'<meta name="robots" content="([^"]+)">', html)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    return robots and robots[1], canonical and canonical[1]


def test_the_first_page_of_a_query_with_its_own_results_is_indexable_under_the_normalized_query(
    client, glossary
):
    response = client.get(reverse("glossary:search"), {"q": "  Safety   STOCK "})
    assert robots_and_canonical(response) == (None, "http://127.0.0.1:8000/search/?q=safety+stock")
    html = response.content.decode()
    assert (
        '<meta name="description" content="1 supply chain term matching “safety stock”, '
        'defined in plain English: Safety stock.">'
    ) in html
    several = client.get(reverse("glossary:search"), {"q": "safety"}).content.decode()
    assert "2 supply chain terms matching “safety”, defined in plain English: Safety" in several
    page_one = client.get(reverse("glossary:search"), {"q": "safety stock", "page": "1"})
    assert robots_and_canonical(page_one) == (None, "http://127.0.0.1:8000/search/?q=safety+stock")


@pytest.mark.parametrize(
    "params",
    [
        {},  # the empty search page
        {"q": "zzzzqqq"},  # no results
        {"q": "backflsh"},  # only the typo fix's results
        {"q": "stock", "page": "2"},
        {"q": "stock", "topic": "inventory"},
        {"q": "stock", "utm_source": "newsletter"},
    ],
)
def test_thin_search_pages_stay_out_of_search_engines_without_a_canonical(client, glossary, params):
    with bulk_changes():  # indexed once at the end
        for number in range(25):  # a second page for "stock"
            TermFactory(name=f"Stock item {number}")
    response = client.get(reverse("glossary:search"), params)
    assert response.status_code == 200
    assert robots_and_canonical(response) == ("noindex", None)
    assert '<meta name="description" content="Search thousands of supply chain' in response.content.decode()


def test_a_repeated_query_parameter_is_not_indexable(client, glossary):
    response = client.get("/search/?q=stock&q=safety")
    assert robots_and_canonical(response) == ("noindex", None)


def test_names_that_only_look_like_the_query_are_not_results_of_its_own(glossary):
    terms = Term.objects.published()
    found = search.Fixed([glossary.pk])
    assert search.RankedTerms(terms, found, "mrp").own_results
    assert not search.RankedTerms(terms, found, "mrpp", lookalike=True).own_results
    assert not search.RankedTerms(terms, found, "mrpp", correction="mrp").own_results
    assert not search.RankedTerms(terms, search.Fixed([]), "zzz").own_results


def test_suggestions_are_kept_out_of_search_engines(client, glossary):
    response = client.get(reverse("glossary:suggest"), {"q": "safe"})
    assert response["X-Robots-Tag"] == "noindex"


def result_names(client, query, page):
    response = client.get(reverse("glossary:search"), {"q": query, "page": page})
    return [term.name for term in response.context["page_obj"]]


def test_paging_through_the_results_gives_the_whole_ranking_in_order(client):
    """Each page reads the tiers only as far as it needs; together they are the full ranking."""
    with bulk_changes():
        for number in range(30):
            TermFactory(name=f"Cycle count {number:02d}")
        for number in range(10):
            TermLabelFactory(term=TermFactory(name=f"Physical count {number}"), label=f"Cycle audit {number}")
        for number in range(15):
            TermFactory(name=f"Audit {number:02d}", definition="Stock counted in each cycle.")
    ranking = names_for("cycle")
    assert len(ranking) == len(set(ranking)) == 55
    assert [name.split()[0] for name in ranking] == ["Cycle"] * 30 + ["Physical"] * 10 + ["Audit"] * 15
    assert [name for page in (1, 2, 3) for name in result_names(client, "cycle", page)] == ranking


def test_the_start_of_a_word_finds_a_name_the_text_index_stems_otherwise(client):
    TermFactory(name="Running inventory")  # the full-text index keeps "run", which "runn" does not start
    data = client.get(reverse("glossary:suggest"), {"q": "runn"}).json()
    assert data["count"] == 1
    assert [item["name"] for item in data["suggestions"]] == ["Running inventory"]


def test_the_count_stops_at_its_cap_and_counts_public_terms_only(monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 5)
    with bulk_changes():
        for number in range(6):
            TermFactory(name=f"Blue widget {number}")  # the word inside names
            TermFactory(name=f"Part {number}", definition="A gadget for each widget.")  # in the text only
        for number in range(2):
            TermFactory(name=f"Green gadget {number}")
        TermFactory(name="Red gadget", status=Term.Status.DRAFT)
    assert len(Term.objects.published().search("widget")) == 5
    assert len(Term.objects.published().search("gadget")) == 5
    assert len(Term.objects.published().search("green gadget")) == 2
    monkeypatch.setattr(search, "MAX_RESULTS", 50)
    assert len(Term.objects.published().search("gadget")) == 8


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an index of SQLite's (migration 0014)")
def test_sqlite_checks_that_each_match_is_public_through_the_small_index():
    with bulk_changes():
        for number in range(30):
            TermFactory(name=f"Stock item {number}", definition="Stock held for sale.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as listing.update_planner_statistics() does as the glossary grows
        allowed = search.allowed_ids(Term.objects.published())
        sql, params = search.count_sql("stock", allowed, search.text_expressions(["stock"])[-1])
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING COVERING INDEX glossary_term_public_check" in plan, plan
    assert "USING INTEGER PRIMARY KEY" not in plan, plan
