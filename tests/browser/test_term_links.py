"""Term links outside explanations preview their term as explanations' links do; a mistyped
term address offers the closest terms."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MODULE = "/ciop/modules/independent-demand-ordering-systems/"


def preview_of(page):
    return page.locator(".term-preview")


def test_term_links_in_a_module_page_preview_by_mouse_and_keyboard(page):
    page.goto(MODULE)
    link = page.locator(".lead a.term-link").first
    expect(link).to_have_text("reorder point")
    link.hover()
    card = preview_of(page)
    expect(card).to_be_visible()
    expect(card.locator(".term-preview-name")).to_have_text("Reorder point (ROP)")
    expect(card.locator(".term-preview-definition")).not_to_be_empty()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    page.mouse.move(0, 0)
    outcome = page.locator("#outcomes-heading + ul a.term-link").first
    outcome.focus()
    expect(preview_of(page)).to_be_visible()
    expect(outcome).to_have_attribute("aria-describedby", "term-preview")
    page.keyboard.press("Escape")
    expect(preview_of(page)).to_have_count(0)
    expect(outcome).to_be_focused()  # Escape closes the card, the reader stays where they were
    expect(outcome).not_to_have_attribute("aria-describedby", "term-preview")


def test_keyboard_reader_opens_a_modules_outcomes_on_the_programme_page_and_tabs_to_a_term(page):
    page.goto("/ciop/")
    outcomes = page.locator("#module-14 details")
    outcomes.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(outcomes).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    link = outcomes.locator("a.term-link").first
    expect(link).to_be_focused()
    expect(link).to_have_text("service level")
    expect(preview_of(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(preview_of(page)).to_have_count(0)


def test_touch_reader_previews_a_term_in_a_video_transcript_and_opens_it(browser, site):
    context = browser.new_context(
        base_url=site, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/videos/")
    expect(phone.locator(".video-player")).to_have_count(0)  # demo videos have no real address
    link = phone.locator(".video-transcript a.term-link").first
    href = link.get_attribute("href")
    link.tap()
    card = preview_of(phone)
    expect(card).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/videos/$"))
    card.get_by_role("link").tap()
    expect(phone).to_have_url(re.compile(re.escape(href) + "$"))
    context.close()


def test_search_results_preview_the_terms_their_definitions_mention(page):
    page.goto("/search/?q=backflush")
    link = page.locator(".search-result a.term-link").first
    name = link.inner_text()
    link.hover()
    card = preview_of(page)
    expect(card).to_be_visible()
    expect(card.locator(".term-preview-name")).to_contain_text(re.compile(re.escape(name), re.IGNORECASE))


def test_a_mistyped_term_address_answers_404_with_the_closest_terms_and_a_search_box(page):
    response = page.goto("/terms/backflsh/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No term at this address")
    suggestions = page.locator(".did-you-mean-list")
    expect(suggestions.get_by_role("link", name="Backflush", exact=True)).to_be_visible()
    expect(suggestions.locator("li").first).to_contain_text("The automatic recording")
    search = page.locator("#not-found-search")
    expect(search).to_have_value("backflsh")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=backflsh$"))
    expect(page.locator(".did-you-mean")).to_contain_text("Did you mean")
    page.go_back()
    page.locator(".did-you-mean-list").get_by_role("link", name="Backflush", exact=True).click()
    expect(page).to_have_url(re.compile(r"/terms/backflush/$"))
