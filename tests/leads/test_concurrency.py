import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from leads.models import Lead
from tests.leads.conftest import form_data

POSTS = 50


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def visit_and_submit(base_url, number):
    """One visitor in their own browser: open the form, then send it."""
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
    return browser.open(request, timeout=60).status


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_are_all_saved(live_server, programme, settings):
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.LEADS_RATE_LIMIT = (10_000, 60)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Room for every visitor's connection at once (the test server's default backlog is 10; gunicorn
    # has 2048): on a busy machine a full queue made the kernel reset a connection now and then.
    live_server.thread.httpd.socket.listen(POSTS)
    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        statuses = list(pool.map(lambda number: visit_and_submit(live_server.url, number), range(POSTS)))
    assert statuses == [200] * POSTS  # each followed the redirect to its thank-you page
    assert Lead.objects.count() == POSTS
    assert Lead.objects.values("quote_number").distinct().count() == POSTS
    assert Lead.objects.filter(auto_reply_sent_at__isnull=False).count() == POSTS
