"""The sales desk in a real Chromium at 1280 px: the new-lead count, the whole pipeline without
sideways scrolling, sorting by score, and a webhook delivery marked sent."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_journeys import fill_quote_form
from tests.leads.webhook_receiver import Receiver

pytestmark = pytest.mark.browser

PIPELINE_COLUMNS = [
    "Who",
    "Status",
    "Owner",
    "Value",
    "Participants",
    "Intake",
    "Age",
    "Score",
    "Source term",
    "Campaign",
]


@pytest.fixture
def crm(settings):
    """A CRM listening on loopback; the live server's requests send to it (tasks run at once)."""
    receiver = Receiver("browser-secret").start()
    settings.LEADS_WEBHOOK_URL, settings.LEADS_WEBHOOK_SECRET = receiver.url, "browser-secret"
    yield receiver
    receiver.stop()


def scores_shown(page):
    expect(page.locator("#result_list td.field-score").first).to_be_visible()
    return [int(text) for text in page.locator("#result_list td.field-score").all_inner_texts()]


def test_sales_user_sees_new_leads_the_whole_pipeline_sorts_by_score_and_a_sent_webhook(page, crm):
    company = f"Desk {uuid.uuid4().hex[:6]} Logistics and Procurement Services AG"
    page.goto("/?utm_source=newsletter&utm_campaign=spring-2027-supply-chain-leaders-webinar-series")
    page.goto("/ciop/quote/?from=/terms/safety-stock/")
    fill_quote_form(page, company)
    assert [event["lead"]["company"] for event in crm.events] == [company]

    log_in(page, "sales")
    summary = page.locator("#sales-desk")
    expect(summary).to_contain_text(re.compile(r"New leads: \d+, oldest \d+ h"))
    summary.get_by_role("link", name=re.compile("New leads")).click()
    expect(page.locator("#result_list")).to_contain_text(company)

    assert page.viewport_size["width"] == 1280
    no_sideways_scroll = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(no_sideways_scroll), "the page scrolls sideways at 1280 px"
    table_fits = "(el) => el.scrollWidth <= el.clientWidth"
    assert page.locator("#changelist .results").evaluate(table_fits), "the lead list scrolls sideways"
    headers = page.locator("#result_list thead th")
    for column in PIPELINE_COLUMNS:
        header = headers.filter(has_text=re.compile(rf"^\s*{column}\s*$"))
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, column
    cut_short = "(cell) => cell.scrollWidth > cell.clientWidth"
    for column in ["who", "status", "value", "people", "age", "score"]:  # never cut, whatever the lead
        for cell in page.locator(f"#result_list td.field-{column}, #result_list th.field-{column}").all():
            assert not cell.evaluate(cut_short), f"{column}: {cell.inner_text()}"
    row = page.locator("#result_list tbody tr", has_text=company)
    expect(row.locator("td.field-value")).to_have_text(re.compile(r"^USD \d{1,3}(,\d{3})*\.\d\d$"))
    expect(row.locator("td.field-source_term")).to_have_text("safety-stock")
    expect(row.locator("td.field-campaign span")).to_have_attribute(
        "title", "spring-2027-supply-chain-leaders-webinar-series"
    )

    page.goto("/admin/leads/lead/")
    headers.filter(has_text=re.compile(r"^\s*Score\s*$")).get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"o=8"))
    ascending = scores_shown(page)
    assert ascending == sorted(ascending)
    page.locator("#result_list thead th.sorted").filter(has_text="Score").locator("a.toggle").click()
    expect(page).to_have_url(re.compile(r"o=-8"))
    descending = scores_shown(page)
    assert descending == sorted(descending, reverse=True) and len(descending) >= 1

    page.locator("#searchbar").fill(company)
    page.locator("#searchbar").press("Enter")
    page.locator("#result_list tbody tr th a").first.click()
    deliveries = page.locator("table.webhook-deliveries")
    expect(deliveries.locator("tr.webhook-sent")).to_contain_text("Lead created")
    expect(deliveries.locator("tr.webhook-sent")).to_contain_text("Sent")
    expect(page.locator(".field-score_explained")).to_contain_text("Read /terms/safety-stock/ before asking")
