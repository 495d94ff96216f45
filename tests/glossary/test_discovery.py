import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from glossary.models import Term
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = []
    for block in blocks:
        data = json.loads(block)
        found += data if isinstance(data, list) else [data]
    return {item["@type"]: item for item in found}


def test_renaming_a_term_keeps_every_old_address_with_a_301(client):
    term = TermFactory(name="Stock keeping unit")
    for name, slug in [("Stockkeeping unit", "stockkeeping-unit"), ("SKU item", "sku-item")]:
        term.name, term.slug = name, slug
        term.save()
    for old in ["stock-keeping-unit", "stockkeeping-unit"]:
        response = client.get(f"/terms/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/terms/sku-item/"
    assert client.get("/terms/sku-item/").status_code == 200


def test_a_slug_taken_back_is_no_longer_a_redirect(client):
    term = TermFactory(name="Backlog")
    term.slug = "order-backlog"
    term.save()
    term.slug = "backlog"
    term.save()
    assert client.get("/terms/backlog/").status_code == 200
    assert client.get("/terms/order-backlog/")["Location"] == "/terms/backlog/"


def test_old_addresses_of_unpublished_terms_are_404(client):
    term = TermFactory(name="Backlog")
    term.slug, term.status = "order-backlog", Term.Status.DRAFT
    term.save()
    assert client.get("/terms/backlog/").status_code == 404


def test_term_page_has_defined_term_breadcrumbs_and_open_graph(client):
    topic = TopicFactory(name="Planning")
    term = TermFactory(name="Material requirements planning", abbreviation="MRP", topics=[topic])
    TermLabelFactory(term=term, label="Material planning")
    TermLabelFactory(term=term, label="mrpp", kind="hidden")
    html = client.get(term.get_absolute_url()).content.decode()
    data = json_ld(html)
    defined = data["DefinedTerm"]
    assert defined["name"] == "Material requirements planning"
    assert defined["description"] == term.definition
    assert defined["termCode"] == "MRP"
    assert defined["alternateName"] == ["Material planning"]
    assert defined["inDefinedTermSet"] == "http://127.0.0.1:8000/terms/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "View All", "Material requirements planning"]
    assert crumbs[-1]["item"] == "http://127.0.0.1:8000/terms/material-requirements-planning/"
    assert '<meta property="og:title" content="Material requirements planning (MRP): definition">' in html
    assert f'<meta property="og:description" content="{term.definition}">' in html
    assert f'<meta name="description" content="{term.definition}">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/terms/material-requirements-planning/">' in html


def test_json_ld_survives_hostile_names_and_leaves_out_what_is_empty(client):
    term = TermFactory(name="Stock </script><script>alert(1)</script>", definition="A & B <i>.")
    html = client.get(term.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    defined = json_ld(html)["DefinedTerm"]
    assert defined["name"] == term.name and defined["description"] == "A & B <i>."
    assert "termCode" not in defined and "alternateName" not in defined


@pytest.mark.parametrize(
    ("path", "canonical_path"),
    [
        ("/", "/"),
        ("/terms/", "/terms/"),
        ("/topics/inventory/", "/topics/inventory/"),
        ("/terms/backflush/", "/terms/backflush/"),
        ("/search/?q=Backflush", "/search/?q=backflush"),
    ],
)
def test_every_page_has_one_canonical_link_and_a_description(client, path, canonical_path):
    TermFactory(name="Backflush", topics=[TopicFactory(name="Inventory", slug="inventory")])
    html = client.get(path).content.decode()
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == ["http://127.0.0.1:8000" + canonical_path]
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert '<meta property="og:title"' in html and '<meta property="og:url"' in html


def test_home_describes_the_glossary_as_a_defined_term_set(client):
    data = json_ld(client.get("/").content.decode())
    assert data["DefinedTermSet"]["url"] == "http://127.0.0.1:8000/terms/"


def test_term_of_the_day_is_stable_for_a_date_and_changes_over_days(client):
    for number in range(20):
        TermFactory(name=f"Term {number:02d}")
    published = Term.objects.published()
    day = datetime.date(2026, 11, 23)
    assert published.term_of_the_day(day) == published.term_of_the_day(day)
    week = {published.term_of_the_day(day + datetime.timedelta(days=n)).pk for n in range(7)}
    assert len(week) > 1
    first = client.get("/").context["term_of_the_day"]
    assert client.get("/").context["term_of_the_day"] == first
    assert "Term of the day" in client.get("/").content.decode()


def test_term_of_the_day_never_shows_a_draft():
    TermFactory(name="Draft", status=Term.Status.DRAFT)
    assert Term.objects.published().term_of_the_day(datetime.date(2026, 1, 1)) is None


def test_atom_feed_lists_new_and_updated_terms(client):
    TermFactory(name="Backflush")
    TermFactory(name="Hidden draft", status=Term.Status.DRAFT)
    response = client.get("/feeds/terms/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Backflush"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/terms/backflush/")
    assert entries[0].find(f"{ATOM}updated").text


def test_term_of_the_day_feed_has_one_entry_a_day_matching_the_home_page(
    client, django_assert_max_num_queries
):
    TermFactory(name="Backflush")
    TermFactory(name="Kanban")
    TermFactory(name="Hidden draft", status=Term.Status.DRAFT)
    with django_assert_max_num_queries(16):  # one count, then one term a day
        response = client.get("/feeds/term-of-the-day/")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 14
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert all(title.split(": ")[1] in {"Backflush", "Kanban"} for title in titles)
    assert len({entry.find(f"{ATOM}id").text for entry in entries}) == 14
    home = client.get("/").content.decode()
    assert titles[0].split(": ")[1] in home and 'href="/feeds/term-of-the-day/"' in home


def test_an_updated_term_comes_first_in_the_feed(client):
    older = TermFactory(name="Backflush")
    TermFactory(name="Kanban")
    older.definition = "Recording component usage after the fact."
    older.save()
    root = ET.fromstring(client.get("/feeds/terms/").content)
    assert [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")] == [
        "Backflush",
        "Kanban",
    ]


def test_sitemap_lists_public_pages_with_lastmod(client):
    topic = TopicFactory(name="Inventory", slug="inventory")
    TermFactory(name="Backflush", topics=[topic])
    TermFactory(name="Hidden draft", status=Term.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url")
    }
    for path in ["/", "/terms/", "/terms/backflush/", "/topics/inventory/"]:
        assert urls["http://127.0.0.1:8000" + path] is not None, path
    assert "http://127.0.0.1:8000/terms/hidden-draft/" not in urls


def test_sitemap_includes_the_ciop_programme_when_loaded_all_with_lastmod(client):
    from courses.loaders import load_courses

    load_courses()
    TermFactory(name="Backflush")
    urls = ET.fromstring(client.get("/sitemap.xml").content).findall(f"{SITEMAP}url")
    locs = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert "http://127.0.0.1:8000/ciop/" in locs
    assert "http://127.0.0.1:8000/ciop/faculty/" in locs
    assert any("/ciop/modules/" in loc for loc in locs)
    assert any("/ciop/faculty/" in loc and not loc.endswith("/ciop/faculty/") for loc in locs)
    assert "http://127.0.0.1:8000/ciop/quote/" in locs
    without_lastmod = [
        url.find(f"{SITEMAP}loc").text for url in urls if url.find(f"{SITEMAP}lastmod") is None
    ]
    assert without_lastmod in ([], ["http://127.0.0.1:8000/videos/"])  # no published video yet


def test_sitemap_lastmod_follows_the_latest_change(client):
    term = TermFactory(name="Backflush")
    Term.objects.filter(pk=term.pk).update(
        updated_at=datetime.datetime(2026, 3, 4, 5, 6, tzinfo=datetime.UTC)
    )
    urls = ET.fromstring(client.get("/sitemap.xml").content).findall(f"{SITEMAP}url")
    lastmod = {url.find(f"{SITEMAP}loc").text: url.findtext(f"{SITEMAP}lastmod") for url in urls}
    assert lastmod["http://127.0.0.1:8000/terms/backflush/"].startswith("2026-03-04")
    assert lastmod["http://127.0.0.1:8000/terms/"].startswith("2026-03-04")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in response.content.decode()


def test_robots_txt_blocks_the_suggestions_but_not_the_search_page(client):
    disallowed = re.findall(r"^Disallow: (\S+)$", client.get("/robots.txt").content.decode(), re.MULTILINE)
    assert "/search/suggest/" in disallowed
    assert not any("/search/".startswith(rule.rstrip("*")) for rule in disallowed)


@pytest.mark.parametrize("size", [5, 60])
def test_term_page_with_used_in_costs_six_queries(client, django_assert_num_queries, size):
    target = TermFactory(name="Safety stock", related=[TermFactory(name="Cycle stock")])
    for number in range(size):
        TermFactory(name=f"Mention {number:03d}", explanation="Uses safety stock.")
    client.get("/")
    with django_assert_num_queries(6):  # the term, its labels, senses, sources, topics and neighbors
        html = client.get(target.get_absolute_url()).content.decode()
    assert html.count('href="/terms/mention-') == size
    assert 'href="/terms/cycle-stock/"' in html
