import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from glossary import listing
from glossary.derived import bulk_changes
from glossary.models import Term
from tests.factories import TermFactory, TermLabelFactory, TermSenseFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory():
    return TopicFactory(name="Inventory management", slug="inventory")


def make_terms(count, topic):
    with bulk_changes():  # derived data refreshed once at the end, as an import does
        for number in range(count):
            TermFactory(name=f"Bulk term {number:04d}", topics=[topic])


def test_home_shows_search_jump_bar_topics_and_recent_terms(client, inventory):
    TermFactory(name="Backflush", topics=[inventory])
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html
    assert 'aria-label="Terms by first letter"' in html
    assert "Inventory management" in html and "(1 term)" in html
    assert "Backflush" in html
    assert "Certified Inventory Optimization Professional" in html


def test_view_all_groups_terms_under_letters_and_disables_empty_letters(client):
    TermFactory(name="Backlog")
    TermFactory(name="Backflush")
    TermFactory(name="Cycle stock")
    html = client.get("/terms/").content.decode()
    assert html.index("Backflush") < html.index("Backlog") < html.index("Cycle stock")
    assert 'id="letter-b"' in html and 'id="letter-c"' in html
    assert '<span class="jump-letter disabled" aria-disabled="true">Z</span>' in html
    assert "3 terms" in html


def test_view_all_keeps_the_chosen_letter_topic_and_text_in_its_controls(client, inventory):
    TopicFactory(name="Procurement", slug="procurement")
    TermFactory(name="Safety stock", topics=[inventory])
    html = client.get("/terms/", {"letter": "S", "topic": "inventory", "q": "stock"}).content.decode()
    assert '<a class="jump-letter active" aria-current="page" href="/terms/?letter=S">S</a>' in html
    assert '<option value="inventory" selected>Inventory management</option>' in html
    assert '<option value="procurement">Procurement</option>' in html
    assert 'name="q" value="stock"' in html and "Safety stock" in html
    too_long = client.get("/terms/", {"q": "x" * 201}).content.decode()
    assert 'id="id_q" aria-invalid="true" aria-describedby="id_q_error"' in too_long
    assert 'id="id_q_error"' in too_long


def test_view_all_lists_a_term_published_a_moment_ago(client):
    TermFactory(name="Fresh term", published_at=timezone.now())
    assert "Fresh term" in client.get("/terms/").content.decode()


def test_view_all_hides_drafts(client):
    TermFactory(name="Hidden draft", status=Term.Status.DRAFT)
    assert "Hidden draft" not in client.get("/terms/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?letter=B", {"Backlog"}),
        ("?topic=inventory", {"Safety stock"}),
        ("?q=reserve", {"Safety stock"}),
        ("?q=MRP", {"Material requirements planning"}),
    ],
)
def test_view_all_filters(client, inventory, query, expected):
    TermFactory(name="Backlog")
    TermFactory(name="Material requirements planning", abbreviation="MRP", definition="Plans materials.")
    safety = TermFactory(name="Safety stock", topics=[inventory])
    TermLabelFactory(term=safety, label="Reserve stock")
    names = {term.name for term in client.get("/terms/" + query).context["object_list"]}
    assert names == expected


def test_view_all_filters_combine(client, inventory):
    TermFactory(name="Safety stock", topics=[inventory])
    TermFactory(name="Stockout", topics=[inventory])
    TermFactory(name="Setup time")
    names = {t.name for t in client.get("/terms/?letter=S&topic=inventory&q=out").context["object_list"]}
    assert names == {"Stockout"}


@pytest.mark.parametrize(
    "query", ["?letter=BB", "?letter=%00", "?topic=no-such-topic", "?q=" + "x" * 500, "?letter=<script>"]
)
def test_bad_filter_values_give_an_empty_result_not_an_error(client, query):
    TermFactory(name="Backlog")
    response = client.get("/terms/" + query)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "No terms match" in response.content.decode()


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_bad_page_numbers_give_404(client, page):
    TermFactory()
    assert client.get(f"/terms/?page={page}").status_code == 404


def test_view_all_paginates_by_100(client, inventory):
    make_terms(101, inventory)
    first = client.get("/terms/")
    assert len(first.context["object_list"]) == 100
    assert "page 1 of 2" in first.content.decode()
    assert len(client.get("/terms/?page=2").context["object_list"]) == 1


def test_term_page_shows_every_part(client, inventory):
    mrp = TermFactory(name="Material requirements planning", abbreviation="MRP", topics=[inventory])
    term = TermFactory(
        name="Backlog",
        explanation="Orders *waiting*.",
        example="300 orders open.",
        usage_note="Not the same as a backorder.",
        related=[mrp],
        topics=[inventory],
    )
    TermLabelFactory(term=term, label="Order backlog")
    TermLabelFactory(term=term, label="backlogg", kind="hidden")
    TermSenseFactory(term=term, number=1, definition="Customer orders received but not yet shipped.")
    TermSenseFactory(term=term, number=2, definition="Work released to production but not yet completed.")
    term.sources.create(title="A dictionary", publisher="A publisher", url="https://example.org/")
    html = client.get("/terms/backlog/").content.decode()
    assert html.count("<h1") == 1
    for part in [
        "Also called: <span",
        "Order backlog",
        term.definition,
        "<em>waiting</em>",
        "Customer orders received but not yet shipped.",
        "Work released to production",
        "300 orders open.",
        "Not the same as a backorder.",
        'href="/terms/material-requirements-planning/"',
        'href="/topics/inventory/"',
        "A dictionary",
        "View All terms",
        "Certified Inventory Optimization Professional",
    ]:
        assert part in html, part
    assert "backlogg" not in html


def test_a_term_with_only_search_labels_shows_no_also_called(client):
    term = TermFactory(name="Backlog")
    TermLabelFactory(term=term, label="backlogg", kind="hidden")
    assert "Also called" not in client.get("/terms/backlog/").content.decode()


def test_related_and_linking_terms_are_listed_a_to_z_and_only_once_public(client):
    later = timezone.now() + datetime.timedelta(days=1)
    term = TermFactory(name="Safety stock")
    for name in ["cycle stock", "Buffer stock", "Anticipation stock"]:
        TermFactory(name=name, related=[term])
    TermFactory(name="Draft stock", status=Term.Status.DRAFT, related=[term])
    TermFactory(name="Future stock", published_at=later, related=[term])
    TermFactory(name="Reorder point", explanation="Covers safety stock.")
    html = client.get("/terms/safety-stock/").content.decode()
    related = html.split('class="related-terms"')[1].split("</ul>")[0]
    assert re.findall(r">([^<]+)</a>", related) == ["Anticipation stock", "Buffer stock", "cycle stock"]
    assert 'class="used-in"><li><a href="/terms/reorder-point/">Reorder point</a></li></ul>' in html
    assert "Draft stock" not in html and "Future stock" not in html


def test_draft_term_page_is_404(client):
    TermFactory(name="Draft term", status=Term.Status.DRAFT)
    response = client.get("/terms/draft-term/")
    assert response.status_code == 404
    assert "No term at this address" in response.content.decode()


def test_deprecated_term_links_its_replacement(client):
    new = TermFactory(name="Integrated business planning")
    TermFactory(name="Old planning", status=Term.Status.DEPRECATED, replaced_by=new)
    html = client.get("/terms/old-planning/").content.decode()
    assert "This term is deprecated" in html
    assert 'href="/terms/integrated-business-planning/"' in html


def test_abbreviation_and_label_slugs_redirect_permanently(client):
    mrp = TermFactory(name="Material requirements planning", abbreviation="MRP")
    TermLabelFactory(term=mrp, label="Material planning")
    for slug in ["mrp", "material-planning"]:
        response = client.get(f"/terms/{slug}/")
        assert response.status_code == 301
        assert response["Location"] == "/terms/material-requirements-planning/"


def test_unknown_term_is_404(client):
    assert client.get("/terms/no-such-term/").status_code == 404


def test_topic_page_lists_only_its_published_terms(client, inventory):
    TermFactory(name="Safety stock", topics=[inventory])
    TermFactory(name="Unrelated")
    TermFactory(name="Draft stock", topics=[inventory], status=Term.Status.DRAFT)
    html = client.get("/topics/inventory/").content.decode()
    assert "Safety stock" in html and "Unrelated" not in html and "Draft stock" not in html
    assert client.get("/topics/nothing/").status_code == 404


def test_pages_have_landmarks_skip_link_and_canonical(client):
    TermFactory(name="Backlog")
    for url in ["/", "/terms/", "/terms/backlog/"]:
        html = client.get(url).content.decode()
        assert 'href="#main"' in html and '<main id="main"' in html
        assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in html
        assert '<form class="site-search' in html


@pytest.mark.parametrize("size", [5, 60])
def test_query_counts_do_not_grow_with_content(client, django_assert_num_queries, inventory, size):
    make_terms(size, inventory)
    term = TermFactory(name="Backlog", topics=[inventory], related=list(Term.objects.all()[:5]))
    TermLabelFactory(term=term)
    TermSenseFactory(term=term)
    client.get("/")  # the CIOP promotion beside each term is cached after its first use
    with django_assert_num_queries(6):  # the term, labels, senses, sources, topics, neighbors
        assert client.get(term.get_absolute_url()).status_code == 200
    with django_assert_num_queries(5):
        assert client.get("/terms/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/terms/?topic=inventory").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(4):  # the topic, its stored listing, its pages, the page's terms
        assert client.get(reverse("glossary:topic_detail", args=["inventory"])).status_code == 200


def test_server_error_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html and 'href="/"' in html


def test_a_large_topic_is_shown_a_page_at_a_time(client, inventory, settings):
    settings.TERMS_PER_PAGE = 2
    for name in ["Alpha stock", "Beta stock", "Gamma stock"]:
        TermFactory(name=name, topics=[inventory])
    first = client.get("/topics/inventory/").content.decode()
    second = client.get("/topics/inventory/?page=2").content.decode()
    assert "Alpha stock" in first and "Gamma stock" not in first and "3 terms, page 1 of 2" in first
    assert "Gamma stock" in second and "Alpha stock" not in second and 'rel="prev"' in second


def test_term_page_offers_the_quote_near_the_top_on_small_screens(client):
    term = TermFactory(name="Backflush", slug="backflush")
    html = client.get(term.get_absolute_url()).content.decode()
    shortcut = html.index('class="quote-shortcut d-lg-none small"')
    assert html.index('class="definition"') < shortcut < html.index("Explanation")
    assert 'href="/ciop/quote/?from=/terms/backflush/"' in html[shortcut:]


def test_term_page_gives_the_short_definition_in_a_marked_in_short_box(client):
    term = TermFactory(name="Backflush", definition="Recording component use from the bill of materials.")
    html = client.get(term.get_absolute_url()).content.decode()
    box = re.search(
        r'<section class="in-short" aria-labelledby="in-short-heading">(.*?)</section>', html, re.S
    )
    assert '<h2 id="in-short-heading" class="in-short-label">In short</h2>' in box.group(1)
    assert '<p class="definition">Recording component use from the bill of materials.</p>' in box.group(1)
    assert "lead" not in box.group(0)


def test_a_mistyped_term_address_is_404_with_did_you_mean_and_a_search_box(client):
    TermFactory(name="Backflush", definition="Recording component use from the bill of materials.")
    TermFactory(name="Backlog")
    response = client.get("/terms/backflsh/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Did you mean" in html and 'href="/terms/backflush/"' in html
    assert "Recording component use" in html
    assert 'value="backflsh"' in html and 'role="search"' in html
    assert client.get("/terms/zzzzqqq/").status_code == 404


def test_related_terms_carry_their_definition_and_used_in_does_not_repeat_them(client):
    stock = TermFactory(name="Safety stock", definition="Extra stock against uncertainty.")
    TermFactory(name="Reorder point", related=[stock], explanation="Demand plus safety stock.")
    TermFactory(name="Service level", explanation="It drives safety stock.")
    html = client.get("/terms/safety-stock/").content.decode()
    related = html[
        html.index('class="related-terms"') : html.index("</ul>", html.index('class="related-terms"'))
    ]
    assert "Reorder point" in related and "related-definition" in related
    used_in = html[html.index('class="used-in"') : html.index("</ul>", html.index('class="used-in"'))]
    assert "Service level" in used_in and "Reorder point" not in used_in


def test_term_page_offers_copy_link_and_a_ready_citation_with_the_retrieval_date(client, settings):
    TermFactory(name="Backflush")
    html = client.get("/terms/backflush/").content.decode()
    address = settings.SITE_URL + "/terms/backflush/"
    today = timezone.localdate()
    assert f'data-copy="{address}"' in html and "term-tools.js" in html
    assert "“Backflush.” In <cite>TermiKnowledge Supply Chain Glossary</cite>." in html
    assert f"Retrieved {today:%B} {today.day}, {today.year}, from {address}" in html
    assert f'<p class="print-address">{address}</p>' in html


def bulk_terms(count, topic=None):
    """Published terms with varied names, made in one insert (the per-save work is not under test)."""
    now = timezone.now() - datetime.timedelta(minutes=1)
    words = [f"{a}{b}" for a in "abcdefghijklmnopqrstuvwxyz" for b in "aeiou"]
    terms = [
        Term(
            name=f"{words[n % len(words)].title()} term {n:05d}",
            status=Term.Status.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    ]
    for term in terms:
        term.derive_fields()
    created = Term.objects.bulk_create(terms)
    if topic:
        topic.terms.add(*created)
    listing.refresh()  # as the worker does after a change that passes through the pipeline
    return created


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/terms/", "View All terms"),
        ("/terms/?letter=B", "Terms starting with B"),
        ("/terms/?topic=inventory", "Inventory management terms"),
        (
            "/terms/?topic=inventory&letter=S&q=stock",
            "Inventory management terms starting with S containing “stock”",
        ),
    ],
)
def test_view_all_says_what_it_shows(client, inventory, url, heading):
    TermFactory(name="Safety stock", topics=[inventory])
    html = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in html and f"<title>{heading}" in html


def test_view_all_keeps_the_letter_when_filtering_and_has_no_letter_dropdown(client, inventory):
    html = client.get("/terms/?letter=B").content.decode()
    assert '<input type="hidden" name="letter" value="B">' in html
    assert "All letters" not in html
    assert '<details class="filters-disclosure my-3">' in html  # closed on phones until asked
    assert '<details class="filters-disclosure my-3" open>' in client.get("/terms/?q=x").content.decode()


def test_pages_are_numbered_with_the_range_of_names_each_holds(client, inventory):
    bulk_terms(250, inventory)
    names = list(Term.objects.published().alphabetical().values_list("name", flat=True))
    html = client.get("/terms/?page=2").content.decode()
    assert f'<span class="page-range">{names[0][:3]}–{names[99][:3]}</span>' in html
    assert f'<span class="page-range">{names[100][:3]}–{names[199][:3]}</span></span></li>' in html  # current
    assert f'<span class="page-range">{names[200][:3]}–{names[249][:3]}</span>' in html
    topic_html = client.get("/topics/inventory/?page=3").content.decode()
    assert (
        'aria-current="page"><span class="page-link"><span class="visually-hidden">Page </span>3'
        in topic_html
    )


@pytest.mark.parametrize(("size", "page"), [(1000, 5), (2000, 12)])
def test_page_links_cost_the_same_however_many_pages(client, django_assert_num_queries, size, page):
    bulk_terms(size)
    client.get("/terms/")
    with django_assert_num_queries(5):  # the listing, its pages, their terms, the letters, the topics
        html = client.get(f"/terms/?page={page}").content.decode()
    assert html.count('class="page-range"') == 7


def test_a_term_card_gives_what_a_preview_shows_for_published_terms_only(client, django_assert_num_queries):
    TermFactory(name="Material requirements planning", abbreviation="MRP", definition="Planning materials.")
    TermFactory(name="Draft idea", status=Term.Status.DRAFT)
    with django_assert_num_queries(1):
        card = client.get("/terms/material-requirements-planning/card/").json()
    assert card == {
        "name": "Material requirements planning",
        "abbreviation": "MRP",
        "definition": "Planning materials.",
        "url": "/terms/material-requirements-planning/",
    }
    assert client.get("/terms/draft-idea/card/").status_code == 404
