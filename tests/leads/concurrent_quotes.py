"""Many visitors sending the quote form at once, each from their own browser.

Run as a script (`python -m tests.leads.concurrent_quotes`), it migrates the database the
environment names (DATABASE_URL or SQLITE_PATH) into a fresh file, serves the site from a threaded
server like `runserver`, sends the form POSTS times at once and prints what came back and how many
leads were saved, as JSON. The settings are then read from that environment, as in production.
"""

import http.cookiejar
import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

POSTS = 50


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def visit_and_submit(base_url, number):
    """One visitor in their own browser: open the form, then send it."""
    from tests.leads.conftest import form_data

    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    html = browser.open(f"{base_url}/ciop/quote/", timeout=60).read().decode()
    data = form_data(
        email=f"visitor{number}@example.com",
        started=hidden(html, "started"),
        csrfmiddlewaretoken=hidden(html, "csrfmiddlewaretoken"),
    )
    request = urllib.request.Request(
        f"{base_url}/ciop/quote/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": base_url + "/"},
    )
    try:
        return browser.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


def submit_at_once(base_url, posts=POSTS):
    """The status each visitor finally saw (200: the thank-you page after the redirect)."""
    with ThreadPoolExecutor(max_workers=posts) as pool:
        return list(pool.map(lambda number: visit_and_submit(base_url, number), range(posts)))


QUOTE_SETTINGS = {
    "LEADS_MIN_FILL_SECONDS": 0,
    "LEADS_RATE_LIMIT": (10_000, 60),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "termiknowledge.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    from leads.models import Lead
    from tests.leads.conftest import create_ciop

    call_command("migrate", verbosity=0)
    create_ciop()
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    # Room for every visitor's connection at once, as gunicorn's backlog gives.
    server.socket.listen(POSTS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with override_settings(**QUOTE_SETTINGS):
        statuses = submit_at_once(f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    print(json.dumps({"statuses": statuses, "saved": Lead.objects.count()}))


if __name__ == "__main__":
    main()
