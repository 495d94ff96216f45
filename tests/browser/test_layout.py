"""The site's look in a real Chromium: a one-row header on phones, the section you are in, and
text sized and set for reading."""

import statistics

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, open_page

pytestmark = pytest.mark.browser

# For each paragraph matched: its font size and the number of characters on each line it shows.
LINE_LENGTHS = """
(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
  const lines = new Map();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.height) {
        const top = Math.round(rect.top);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
  }
  const tops = Array.from(lines.keys()).sort((a, b) => a - b);
  return {size: parseFloat(getComputedStyle(element).fontSize), lines: tops.map((top) => lines.get(top))};
})
"""


@pytest.mark.parametrize("width", [360, 390, 768, 1024, 1280])
def test_header_is_one_row_from_a_phone_to_a_desktop(browser, site, width):
    with open_page(browser, site, {"width": width, "height": 800}) as page:
        page.goto("/terms/backflush/")
        header = page.get_by_role("banner")
        search_link = header.get_by_role("link", name="Search", exact=True)
        search_box = header.get_by_role("search")
        parts = [
            header.get_by_role("link", name="TermiKnowledge"),
            *header.get_by_role("navigation", name="Main").get_by_role("link").all(),
            search_link if width < 768 else search_box,
        ]
        boxes = [part.bounding_box() for part in parts]
        middles = [box["y"] + box["height"] / 2 for box in boxes]
        assert max(middles) - min(middles) <= 2, f"header parts are not on one row: {middles}"
        assert all(box["x"] + box["width"] <= width for box in boxes)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        if width < 768:  # a compact row; the search link stands in for the box
            assert header.bounding_box()["height"] <= 60
            assert not search_box.is_visible()
            search_link.click()
            expect(
                page.get_by_role("main").get_by_role("combobox", name="Search the glossary")
            ).to_be_visible()
        else:
            assert not search_link.is_visible()


def test_navigation_shows_the_section_you_are_in(page):
    nav = page.get_by_role("navigation", name="Main")
    page.goto("/")
    expect(nav.locator("[aria-current]")).to_have_count(0)
    nav.get_by_role("link", name="View All").click()
    expect(nav.get_by_role("link", name="View All")).to_have_attribute("aria-current", "page")
    page.locator(".term-name").first.click()
    view_all, programme = (
        nav.get_by_role("link", name="View All"),
        nav.get_by_role("link", name="CIOP program"),
    )
    expect(view_all).to_have_attribute("aria-current", "true")
    background = "(link) => getComputedStyle(link).backgroundColor"
    assert view_all.evaluate(background) != programme.evaluate(background), (
        "the current section looks the same"
    )
    programme.click()
    expect(programme).to_have_attribute("aria-current", "page")
    expect(nav.locator("[aria-current]")).to_have_count(1)


def test_term_page_text_is_17_pixels_or_more_with_60_to_80_characters_a_line(browser, site):
    with open_page(browser, site, DESKTOP) as page:
        page.goto("/terms/backflush/")
        definition = page.locator(".in-short")
        expect(definition.get_by_role("heading", name="In short")).to_be_visible()
        style = definition.locator(".definition").evaluate(
            "(p) => [getComputedStyle(p).fontWeight, getComputedStyle(p).color]"
        )
        assert style == ["400", "rgb(27, 36, 48)"], "the short definition is regular weight in dark ink"
        for selector in [".in-short .definition", ".explanation p", ".senses li"]:
            paragraphs = page.evaluate(LINE_LENGTHS, selector)
            assert paragraphs, selector
            assert min(paragraph["size"] for paragraph in paragraphs) >= 17, selector
            full_lines = [length for paragraph in paragraphs for length in paragraph["lines"][:-1]]
            assert 60 <= statistics.median(full_lines) <= 80, f"{selector}: {full_lines}"
            assert max(full_lines) <= 85, f"{selector}: {full_lines}"
