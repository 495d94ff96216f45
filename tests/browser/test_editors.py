"""The editors' desk and readers' suggestions in a real Chromium."""

import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_editor_previews_an_unsaved_draft_schedules_it_and_sees_it_scheduled(page):
    name = f"Browser kit {uuid.uuid4().hex[:6]}"
    log_in(page, "editor")
    page.goto("/admin/glossary/term/add/")
    page.get_by_label("Name:", exact=True).fill(name)
    page.get_by_label("Definition:", exact=True).fill("Parts gathered into one kit before assembly.")
    page.get_by_label("Explanation:", exact=True).fill(
        "Kits follow the bill of materials and hold no safety stock."
    )
    expect(page.locator(".field-publishing")).to_contain_text("Draft: not on the site")
    expect(page.locator(".time-zone").first).to_contain_text("UTC")

    with page.context.expect_page() as preview_info:
        page.get_by_role("button", name="Preview", exact=True).first.click()
    preview = preview_info.value
    expect(preview.locator(".preview-banner")).to_contain_text("Preview: not published.")
    expect(preview.get_by_role("heading", level=1)).to_have_text(name)
    expect(preview.locator(".explanation a", has_text="safety stock")).to_have_count(1)
    preview.close()

    goes_live = timezone.localtime() + timezone.timedelta(days=2)
    page.get_by_label("Status:").select_option("published")
    page.locator("#id_published_at_0").fill(f"{goes_live:%d/%m/%Y}")
    page.locator("#id_published_at_1").fill("09:00:00")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator(".field-publishing")).to_contain_text(
        f"Goes live on {goes_live:%d %b %Y} at 09:00 UTC"
    )

    page.goto("/admin/glossary/term/?state=scheduled")
    row = page.locator("#result_list tr", has_text=name)
    expect(row.locator(".field-state")).to_have_text(f"Scheduled for {goes_live:%d %b %Y} 09:00 UTC")
    assert_title_and_tools_apart_and_columns_fit(page)

    page.goto("/admin/")
    desk = page.locator("#editor-desk")
    expect(desk).to_contain_text(f"{name}: Scheduled for {goes_live:%d %b %Y} 09:00 UTC")
    desk.get_by_role("link", name="Scheduled terms").click()
    expect(page.locator("#result_list")).to_contain_text(name)


def assert_title_and_tools_apart_and_columns_fit(page):
    title = page.locator("#content h1").bounding_box()
    for tool in page.locator(".object-tools li").all():
        box = tool.bounding_box()
        overlaps = box["y"] < title["y"] + title["height"] and title["y"] < box["y"] + box["height"]
        assert not overlaps, f"an object tool overlaps the title: {tool.inner_text()}"
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 1280, f"the term list is {width} px wide"


def test_visitor_suggests_a_correction_on_backflush_and_an_editor_accepts_it(browser, site):
    from tests.browser.conftest import DESKTOP, open_page

    what = f"Say that components are deducted after production ({uuid.uuid4().hex[:6]})."
    with open_page(browser, site, DESKTOP) as visitor:
        visitor.goto("/terms/backflush/")
        visitor.get_by_role("link", name="Suggest a correction").click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Suggest a correction to Backflush")
        visitor.get_by_label("What should change").fill(what)
        visitor.get_by_label("Why").fill("The APICS dictionary says so.")
        visitor.get_by_label("Your email (optional)").fill("reader@example.com")
        visitor.get_by_role("button", name="Send the suggestion").click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion")

    with open_page(browser, site, DESKTOP) as editor:
        log_in(editor, "editor")
        editor.locator("#editor-desk").get_by_role("link", name="Readers' suggestions waiting").click()
        row = editor.locator("#result_list tbody tr", has_text=what[:60])
        expect(row).to_contain_text("Backflush")
        row.get_by_role("checkbox").check()
        editor.get_by_label("Action:").select_option("accept")
        editor.get_by_role("button", name="Go").click()
        expect(editor.locator(".messagelist")).to_contain_text("1 suggestion(s) accepted.")
        editor.goto("/admin/glossary/suggestion/?status__exact=accepted")
        expect(editor.locator("#result_list")).to_contain_text(re.compile("Backflush"))
