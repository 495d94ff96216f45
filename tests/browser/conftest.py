"""Real Chromium (Playwright) against a live server loaded with the demo content.

The demo content (over 3,000 terms) and the demo log-ins are loaded once for the whole folder
into the test database; the live server answers from its own thread and connection, so what the
browser saves is committed. The database is put back as it was afterwards, for the tests after these.
Chromium comes from Debian (`make test` installs it): Playwright downloads nothing.
"""

import os
import shutil
from contextlib import contextmanager
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from pytest_django.live_server_helper import LiveServer

from base.roles import create_demo_users, sync_roles

# Playwright's sync API runs an event loop in this thread; the ORM calls made here are still
# plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
DEMO_PASSWORD = "browser-tests-demo"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LIVE_SERVER_SETTINGS = {
    "PASSWORD_HASHERS": FAST_HASHERS,
    "LEADS_MIN_FILL_SECONDS": 0,  # a browser test fills the quote form faster than a person
    "SUGGESTIONS_MIN_FILL_SECONDS": 0,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


@contextmanager
def test_database():
    """pytest-django creates the test database only when some collected test asks for `db`; these
    tests reach the database through the live server instead, so they create it when it is missing
    (running this folder alone). Never the development database."""
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    databases = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    try:
        yield
    finally:
        teardown_databases(databases, verbosity=0)


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker):
    """The live server's base URL, with the demo glossary, programme and demo log-ins loaded."""
    with django_db_blocker.unblock(), test_database():
        before = connection.creation.serialize_db_to_string()
        # Tasks the loader queues (the A-Z lists, relinking) run at once, as a worker would soon after.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        ):
            call_command("load_demo", stdout=StringIO())
        sync_roles(apps)  # pytest-django runs these last: a transactional test's flush removed the groups
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):  # as every test uses (conftest.py)
            create_demo_users(DEMO_PASSWORD)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        browser_settings = override_settings(**LIVE_SERVER_SETTINGS)
        browser_settings.enable()
        try:
            yield server.url
        finally:
            browser_settings.disable()
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(before)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (as root, `make test` installs the Debian package).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def open_page(browser, site, viewport):
    """A page in a fresh browser context; fails the test on a Content-Security-Policy violation or
    a JavaScript error seen on the way."""
    context = browser.new_context(base_url=site, viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert problems == [], "the browser reported problems"


@pytest.fixture
def page(browser, site):
    with open_page(browser, site, DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(browser, site):
    with open_page(browser, site, PHONE) as page:
        yield page


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page
