"""The layout every public page shares (templates/base.html): wordmark, navigation, search."""

import re

import pytest

from tests.factories import ModuleFactory, TermFactory, TopicFactory

pytestmark = pytest.mark.django_db


def nav_links(html):
    """The main navigation's links as {text: aria-current or None}."""
    nav = re.search(r'<nav class="site-nav" aria-label="Main">.*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="[^"]+"(?: aria-current="([^"]+)")?>(.*?)</a>', nav)
    return {re.sub(r"<[^>]+>", "", text): current or None for current, text in links}


@pytest.fixture
def pages():
    TopicFactory(name="Inventory management", slug="inventory")
    TermFactory(name="Backflush")
    ModuleFactory(title="Independent demand ordering systems")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", {}),
        ("/search/?q=stock", {}),
        ("/terms/", {"View All": "page"}),
        ("/terms/?letter=B", {"View All": "page"}),
        ("/terms/backflush/", {"View All": "true"}),
        ("/topics/inventory/", {"View All": "true"}),
        ("/ciop/", {"CIOP program": "page"}),
        ("/ciop/modules/independent-demand-ordering-systems/", {"CIOP program": "true"}),
        ("/ciop/quote/", {"CIOP program": "true"}),
        ("/videos/", {"Videos": "page"}),
    ],
)
def test_navigation_marks_the_section_the_page_is_in(client, pages, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    current = {text: value for text, value in nav_links(response.content.decode()).items() if value}
    assert current == expected


def test_header_shows_the_wordmark_with_the_site_name(client, pages):
    html = client.get("/terms/").content.decode()
    assert re.search(r'<img class="brand-logo" src="/static/wordmark[^"]*\.svg" alt="TermiKnowledge"', html)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/search/?q=stock", 200), ("/terms/backflsh/", 404), ("/terms/", 200), ("/ciop/", 200)],
)
def test_a_page_shows_one_search_box(client, pages, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.content.decode().count('<form class="site-search') == 1


def test_the_header_search_gives_way_to_a_page_s_own(client, pages):
    def header(path):
        return re.search(r"<header .*?</header>", client.get(path).content.decode(), re.S).group(0)

    for path in ["/terms/", "/terms/backflush/", "/ciop/"]:
        assert 'id="site-search"' in header(path), path
    for path in ["/", "/search/?q=stock", "/terms/backflsh/"]:
        assert "site-search" not in header(path), path
