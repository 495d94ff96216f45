"""Journeys as people take them, in a real Chromium."""

import csv
import io
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def search_from_header(page, text):
    """Search with the header's box (pages with a search box of their own have none there)."""
    search = page.get_by_role("banner").get_by_label("Search the glossary", exact=True)
    search.fill(text)
    search.press("Enter")
    page.wait_for_load_state()


def fill_quote_form(page, company):
    """Fill in and send the quote form that is open in the page; lands on the thank-you page."""
    page.get_by_role("textbox", name=re.compile("^Your name")).fill("Grace Hopper")
    page.get_by_role("textbox", name=re.compile("^Work email")).fill("grace@example.com")
    page.get_by_role("textbox", name=re.compile("^Company")).fill(company)
    page.get_by_role("textbox", name=re.compile("^Job title")).fill("Head of planning")
    page.get_by_role("textbox", name=re.compile("^Country")).fill("United States")
    page.get_by_role("spinbutton", name=re.compile("^Number of participants")).fill("6")
    page.get_by_label("I agree that TermiKnowledge keeps the details").check()
    page.get_by_role("button", name=re.compile("quote", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Grace Hopper")


def test_visitor_searches_reads_a_term_browses_and_downloads_a_quote(page):
    page.goto("/")
    search = page.get_by_role("main").get_by_label("Search the glossary", exact=True)
    search.fill("MRP")
    search.press("Enter")
    page.wait_for_load_state()
    assert "q=MRP" in page.url
    page.get_by_role("link", name="Material requirements planning", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Material requirements planning")

    related = page.locator(".related-terms a").first
    related_name = related.inner_text()
    related.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(related_name)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="View All").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("View All terms")
    jump_bar = page.get_by_role("navigation", name="Terms by first letter")
    jump_bar.get_by_role("link", name="S", exact=True).click()
    expect(page).to_have_url(re.compile(r"letter=S"))
    names = page.locator(".term-name").all_inner_texts()
    assert names and all(name.upper().startswith("S") for name in names)

    page.locator(".term-name").first.click()
    term_path = page.evaluate("location.pathname")
    page.locator(".quote-cta").get_by_role("link", name="Fill in the form to download the quote").click()
    expect(page).to_have_url(re.compile(r"/ciop/quote/\?from=" + re.escape(term_path) + "$"))
    fill_quote_form(page, "Compilers Inc")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the quote (PDF)").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_visitor_picks_a_suggestion_with_the_keyboard(page):
    page.goto("/")
    search = page.get_by_role("main").get_by_role("combobox", name="Search the glossary")
    search.press_sequentially("material req", delay=20)
    listbox = page.get_by_role("main").get_by_role("listbox", name="Suggested terms")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Material requirements planning")
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("main").get_by_role("search").get_by_role("status")).not_to_be_empty()
    search.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    search.press("Escape")
    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")
    search.press("ArrowDown")  # reopens with the first suggestion chosen
    expect(first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Material requirements planning")


def test_editor_creates_a_draft_previews_publishes_and_finds_it_on_the_site(page):
    """The demo editor (Editors and Publishers) writes a draft, previews it, publishes it from the
    change list and finds it on its page and through the header search (/search/)."""
    name = f"Browser buffer {uuid.uuid4().hex[:6]}"
    log_in(page, "editor")
    page.goto("/admin/glossary/term/add/")
    page.get_by_label("Name:", exact=True).fill(name)
    page.get_by_label("Definition:", exact=True).fill(
        "A buffer that exists only while the browser tests run."
    )
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    slug = name.lower().replace(" ", "-")
    assert page.goto(f"/terms/{slug}/").status == 404  # a draft is not public

    page.goto(f"/admin/glossary/term/?q={name.replace(' ', '+')}")
    page.locator("#result_list").get_by_role("link", name=name, exact=True).click()
    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="Preview as saved", exact=True).click()
    preview = preview_info.value
    expect(preview.locator(".preview-banner")).to_contain_text("Preview: not published.")
    expect(preview.get_by_role("heading", level=1)).to_have_text(name)
    preview.close()

    page.goto(f"/admin/glossary/term/?q={name.replace(' ', '+')}")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 term")

    assert page.goto(f"/terms/{slug}/").status == 200
    search_from_header(page, name)
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_sales_user_takes_a_new_lead_contacts_it_adds_a_note_and_exports_csv(page):
    company = f"Lead {uuid.uuid4().hex[:6]} GmbH"
    page.goto("/ciop/quote/")
    fill_quote_form(page, company)  # a visitor (not logged in) asks for a quote
    quote_number = re.search(r"Q-\d{4}-\d{6}", page.locator("main").inner_text()).group(0)

    log_in(page, "sales")
    page.get_by_role("link", name="Leads", exact=True).click()  # under "Quote requests"
    page.locator("#searchbar").fill(company)
    page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)

    for action, message in [("assign_to_me", "assigned to you"), ("mark_contacted", "marked contacted")]:
        rows.first.get_by_role("checkbox").check()
        page.get_by_label("Action:").select_option(action)
        page.get_by_role("button", name="Go").click()
        expect(page.locator(".messagelist")).to_contain_text(message)
    expect(rows.first).to_contain_text("Contacted")

    rows.first.locator("th a").click()
    page.locator("textarea[name$='-0-text']").fill("Called Grace: wants a spring start.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.locator("#searchbar").fill(company)
    page.locator("#searchbar").press("Enter")
    rows.first.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("export_csv")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Go").click()
    with open(download_info.value.path(), encoding="utf-8") as exported:
        (lead,) = list(csv.DictReader(io.StringIO(exported.read())))
    assert lead["quote_number"] == quote_number
    assert lead["status"] == "contacted"
    assert lead["company"] == company


def test_sales_user_cannot_reach_the_term_admin(page):
    log_in(page, "sales")
    expect(page.locator("#site-name")).to_be_visible()  # logged in to the admin
    expect(page.get_by_role("link", name="Terms", exact=True)).to_have_count(0)
    response = page.goto("/admin/glossary/term/")
    assert response.status == 403


def test_student_takes_a_module_self_test_by_keyboard_and_keeps_progress(page):
    page.goto("/ciop/modules/independent-demand-ordering-systems/")
    page.get_by_role("link", name=re.compile("^Test yourself on these")).click()
    status = page.locator(".self-test-progress")
    expect(status).to_contain_text("Card 1 of")
    total = int(re.search(r"of (\d+)", status.inner_text()).group(1))
    assert page.locator(".self-test-card:visible").count() == 1
    show = page.get_by_role("button", name="Show answer")
    show.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".self-test-card:visible .self-test-answer")).to_be_visible()
    expect(page.get_by_role("button", name="I knew it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Known so far: 1.")
    page.get_by_role("button", name="Not yet").click()
    expect(status).to_contain_text("Card 3 of")
    page.reload()
    expect(status).to_contain_text("Card 2 of")  # the known card is skipped
    expect(status).to_contain_text("Known so far: 1.")
    assert total >= 20
    assert page.context.cookies() == [] or all(c["name"] != "sessionid" for c in page.context.cookies())


def test_suggestions_say_why_they_match_what_they_mean_and_lead_to_all_results(page):
    page.goto("/terms/")
    search = page.get_by_role("banner").get_by_role("combobox", name="Search the glossary")
    listbox = page.get_by_role("banner").get_by_role("listbox", name="Suggested terms")
    search.press_sequentially("mrp", delay=20)
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Abbreviation: MRP → Material requirements planning")
    expect(first.locator("mark").first).to_have_text("MRP")
    expect(first.locator(".suggestion-definition")).not_to_be_empty()
    last = listbox.get_by_role("option").last
    expect(last).to_contain_text(re.compile(r"See all \d+ results? for “mrp”"))
    status = page.get_by_role("banner").get_by_role("status")
    expect(status).to_contain_text("available")
    search.press("ArrowUp")
    for _ in range(listbox.get_by_role("option").count()):
        search.press("ArrowDown")
    expect(last).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mrp$"))

    search = page.get_by_role("main").get_by_role("combobox", name="Search the glossary")  # the page's own
    search.fill("")
    search.press_sequentially("qqxzv", delay=20)
    none = page.get_by_role("main").get_by_role("option")
    expect(none).to_have_count(1)
    expect(none).to_contain_text("No terms match — search the full text")


def preview_of(page):
    return page.locator(".term-preview")


def test_reader_previews_a_linked_term_by_mouse_and_keyboard(page):
    page.goto("/terms/safety-stock/")
    link = page.locator(".explanation a.term-link").first
    name = link.inner_text()
    link.hover()
    card = preview_of(page)
    expect(card).to_be_visible()
    expect(card.locator(".term-preview-definition")).not_to_be_empty()
    link_box, card_box = link.bounding_box(), card.bounding_box()
    overlaps = not (
        card_box["y"] >= link_box["y"] + link_box["height"]
        or card_box["y"] + card_box["height"] <= link_box["y"]
    )
    assert not overlaps, "the card covers the link it describes"
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    page.mouse.move(0, 0)
    related = page.locator(".related-terms a").first
    related.focus()
    expect(preview_of(page)).to_be_visible()
    expect(related).to_have_attribute("aria-describedby", "term-preview")
    assert name


def test_touch_reader_taps_once_to_preview_and_opens_from_the_card(browser, site):
    context = browser.new_context(
        base_url=site, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/terms/safety-stock/")
    link = phone.locator(".explanation a.term-link").first
    href = link.get_attribute("href")
    link.tap()
    card = preview_of(phone)
    expect(card).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/terms/safety-stock/$"))
    card.get_by_role("link").tap()
    expect(phone).to_have_url(re.compile(re.escape(href) + "$"))
    context.close()
