"""A course buyer on a phone: from a term to the quote form, an intake chosen, and the PDF that names it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import open_page
from tests.browser.test_journeys import fill_quote_form

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


def test_buyer_chooses_an_intake_on_the_quote_form_and_finds_it_in_the_pdf(browser, site):
    with open_page(browser, site, PHONE_390) as page:
        page.goto("/ciop/")
        expect(page.get_by_role("heading", name="Next intakes")).to_be_visible()
        expect(page.get_by_role("link", name="Download the syllabus (PDF)")).to_be_visible()

        page.goto("/terms/")
        page.locator(".term-name").first.click()
        term_name = page.get_by_role("heading", level=1).inner_text().strip()
        page.locator(".quote-cta").get_by_role("link", name="Fill in the form to download the quote").click()

        price = page.get_by_role("heading", name="Price").bounding_box()
        submit = page.get_by_role("button", name="Send and download the quote").bounding_box()
        assert price["y"] < submit["y"], "on a phone the price is read before the submit button"

        intake = page.get_by_label("Intake")
        options = intake.locator("option").all_inner_texts()
        assert options[0] == "Not sure yet" and len(options) >= 3
        intake.select_option(label=options[1])
        chosen = options[1].split(" · ")[0]  # the run itself; the rest is seats and deadline
        fill_quote_form(page, "Buyers Inc")

        expect(page.get_by_text(chosen)).to_be_visible()
        expect(page.get_by_text(re.compile(r"tax included"))).to_be_visible()
        expect(page.get_by_role("link", name=f"Back to {term_name}")).to_be_visible()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download the quote (PDF)").click()
        with open(download_info.value.path(), "rb") as pdf:
            reader = PdfReader(io.BytesIO(pdf.read()))
        text = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
        assert f"Intake: {chosen}." in text
