"""The A-Z lists' stored counts and pages (glossary/listing.py), as readers see them."""

import pytest
from django_tasks_db.models import DBTaskResult

from glossary import listing
from glossary.models import Listing, Term
from tests.factories import TermFactory, TopicFactory

pytestmark = pytest.mark.django_db


def names_on(client, url):
    html = client.get(url).content.decode()
    return [
        name for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot") if f">{name}</a>" in html
    ]


def test_pages_counts_letters_and_topics_come_from_the_stored_lists(client, settings):
    settings.TERMS_PER_PAGE = 2
    topic = TopicFactory(name="Warehousing", slug="warehousing")
    for name in ["Echo", "Alpha", "Charlie", "Bravo", "Delta"]:
        TermFactory(name=name, topics=[topic] if name in {"Alpha", "Delta", "Echo"} else [])
    TermFactory(name="Foxtrot", status=Term.Status.DRAFT, topics=[topic])

    everything = Listing.objects.of()
    assert everything.term_count == 5
    assert [(page.first_name, page.last_name) for page in everything.pages.all()] == [
        ("Alpha", "Bravo"),
        ("Charlie", "Delta"),
        ("Echo", "Echo"),
    ]
    assert Listing.objects.of(topic=topic).term_count == 3
    assert Term.objects.letters_in_use() == {"A", "B", "C", "D", "E"}
    assert names_on(client, "/terms/?page=2") == ["Charlie", "Delta"]
    assert names_on(client, "/terms/?page=3") == ["Echo"]
    assert names_on(client, "/topics/warehousing/?page=2") == ["Echo"]
    assert names_on(client, "/terms/?letter=D") == ["Delta"]
    assert "Cha–Del" in client.get("/terms/").content.decode()  # page 2's link says what it holds


def test_a_term_published_before_the_worker_refreshes_is_on_the_page_that_holds_its_key(
    client, settings, database_tasks
):
    settings.TERMS_PER_PAGE = 2
    for name in ["Alpha", "Charlie", "Echo", "Foxtrot"]:
        Term.objects.create(name=name, definition="A test term.", status=Term.Status.PUBLISHED)
    listing.refresh()
    Term.objects.create(name="Delta", definition="A test term.", status=Term.Status.PUBLISHED)

    assert DBTaskResult.objects.filter(task_path="glossary.tasks.refresh_listings").exists()
    assert names_on(client, "/terms/?page=2") == ["Echo", "Foxtrot"]
    assert names_on(client, "/terms/") == ["Alpha", "Charlie", "Delta"]  # until the refresh
    listing.refresh()
    assert names_on(client, "/terms/") == ["Alpha", "Charlie"]
    assert names_on(client, "/terms/?page=2") == ["Delta", "Echo"]


def test_before_the_refresh_after_a_large_import_a_page_stays_a_page(client, settings, database_tasks):
    settings.TERMS_PER_PAGE = 2
    listing.refresh()  # stored while the glossary was empty
    for number in range(10):
        Term.objects.create(name=f"Term {number}", definition="A test term.", status=Term.Status.PUBLISHED)
    html = client.get("/terms/").content.decode()
    assert html.count('class="term-name"') == 2 * listing.MAX_PAGE_GROWTH
