"""The page cache: anonymous visitors get stored pages, every save replaces them at once."""

import datetime
import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from glossary.models import Term
from glossary.scheduling import next_midnight
from pagecache import version
from pagecache.expiry import page_lifetime
from pagecache.models import ContentVersion
from pagecache.version import bump_version, current_version
from pagecache.wsgi import HotPages, PageCacheApplication
from tests.factories import (
    FacultyMemberFactory,
    ModuleFactory,
    ProgrammeFactory,
    TermFactory,
    TermLabelFactory,
    TopicFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(page_cache):
    inventory = TopicFactory(name="Inventory management", slug="inventory")
    return TermFactory(name="Backlog", definition="Orders not yet filled.", topics=[inventory])


def page(client, url, **headers):
    return client.get(url, headers=headers).content.decode()


def test_second_anonymous_visit_of_a_term_page_costs_no_query(client, term, django_assert_num_queries):
    first = client.get("/terms/backlog/")
    with django_assert_num_queries(0):
        second = client.get("/terms/backlog/")
    assert second.status_code == 200 and second.content == first.content
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=10"


def test_a_change_without_signals_is_not_seen_which_proves_the_page_was_stored(client, term):
    page(client, "/terms/backlog/")
    Term.objects.filter(pk=term.pk).update(definition="Quietly changed.")
    assert "Quietly changed." not in page(client, "/terms/backlog/")


def test_saving_a_term_updates_its_page_and_the_lists_at_once(client, term):
    for url in ["/terms/backlog/", "/terms/", "/topics/inventory/"]:
        assert "Backlog" in page(client, url)
    term.name = "Order backlog"
    term.save()
    for url in ["/terms/backlog/", "/terms/", "/topics/inventory/"]:
        assert "Order backlog" in page(client, url)


def test_saving_a_topic_or_changing_a_terms_topics_updates_the_term_page(client, term):
    page(client, "/terms/backlog/")
    topic = term.topics.get()
    topic.name = "Stockholding"
    topic.save()
    assert "Stockholding" in page(client, "/terms/backlog/")
    term.topics.add(TopicFactory(name="Demand planning"))
    assert "Demand planning" in page(client, "/terms/backlog/")


def test_deleting_a_label_updates_the_term_page(client, term):
    label = TermLabelFactory(term=term, label="Order book")
    assert "Order book" in page(client, "/terms/backlog/")
    label.delete()
    assert "Order book" not in page(client, "/terms/backlog/")


def test_saving_a_module_or_a_video_updates_the_term_page(client, term):
    module = ModuleFactory(number=1, title="Old title")
    module.key_terms.add(term)
    assert "Old title" in page(client, "/terms/backlog/")
    module.title = "New title"
    module.save()
    assert "New title" in page(client, "/terms/backlog/")
    VideoFactory(title="Brand new video")
    assert "Brand new video" in page(client, "/terms/backlog/")


def test_conditional_get_answers_304_with_the_etag(client, term):
    first = client.get("/terms/backlog/")
    etag, modified = first["ETag"], first["Last-Modified"]
    not_modified = client.get("/terms/backlog/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get("/terms/backlog/", headers={"if-modified-since": modified}).status_code == 304
    term.definition = "Orders accepted but not yet filled."
    term.save()
    assert client.get("/terms/backlog/", headers={"if-none-match": etag}).status_code == 200


def test_logged_in_users_and_admin_are_never_served_stored_pages(client, term, editor):
    page(client, "/terms/backlog/")
    Term.objects.filter(pk=term.pk).update(definition="Seen by staff at once.")
    client.force_login(editor)
    response = client.get("/terms/backlog/")
    assert "Seen by staff at once." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200 and "public" not in admin_page["Cache-Control"]


def test_a_messages_cookie_bypasses_the_cache(client, term):
    page(client, "/terms/backlog/")
    Term.objects.filter(pk=term.pk).update(definition="Fresh for a visitor with a message.")
    client.cookies["messages"] = "anything"
    assert "Fresh for a visitor with a message." in page(client, "/terms/backlog/")


def test_turning_the_cache_off_renders_every_visit(client, term, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/terms/backlog/")
    with django_assert_num_queries(6):
        response = client.get("/terms/backlog/")
    assert not response.has_header("Cache-Control")


def test_unknown_pages_are_not_stored(client, term):
    response = client.get("/terms/no-such-term/")
    assert response.status_code == 404 and response["Cache-Control"] == "private, no-store"


# Pages that carry a CSRF token or set a cookie, served by this module's own URLs.
def form_page(request):
    return HttpResponse(f"<form><input name=csrfmiddlewaretoken value={get_token(request)}></form>")


def cookie_page(request):
    response = HttpResponse(f"visit {request.GET.get('n', '')}")
    response.set_cookie("seen", "yes")
    return response


def excluded_page(request):
    return HttpResponse(f"excluded {Term.objects.count()}")


urlpatterns = [
    path("form/", form_page),
    path("cookie/", cookie_page),
    path("excluded/", excluded_page, name="excluded"),
]


@pytest.fixture
def own_urls(page_cache):
    page_cache.ROOT_URLCONF = __name__
    page_cache.PAGE_CACHE_EXCLUDED_URL_NAMES = ["excluded"]


def test_a_page_with_a_csrf_token_is_never_stored_nor_sent_to_someone_else(client, own_urls):
    first = client.get("/form/")
    other = type(client)()
    second = other.get("/form/")
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first.content != second.content
    assert second["Cache-Control"] == "private, no-store"


def test_a_response_that_sets_a_cookie_is_not_stored(client, own_urls):
    client.get("/cookie/")
    del client.cookies["seen"]
    response = client.get("/cookie/")
    assert response.cookies["seen"].value == "yes" and response["Cache-Control"] == "private, no-store"


def test_excluded_url_names_are_rendered_every_time(client, own_urls):
    assert page(client, "/excluded/") == "excluded 0"
    Term.objects.bulk_create([TermFactory.build()])  # no signal, no new version: only re-rendering shows it
    assert page(client, "/excluded/") == "excluded 1"


def test_saving_a_faculty_member_updates_the_faculty_pages(client, page_cache):
    member = FacultyMemberFactory(name="Ada Planner", headline="Planning lead")
    assert "Planning lead" in page(client, "/ciop/faculty/")
    assert "Planning lead" in page(client, "/ciop/faculty/ada-planner/")
    member.headline = "Head of demand planning"
    member.save()
    assert "Head of demand planning" in page(client, "/ciop/faculty/")
    assert "Head of demand planning" in page(client, "/ciop/faculty/ada-planner/")


def test_the_quote_form_is_never_stored_and_each_visitor_gets_their_own_csrf_token(client, page_cache):
    ProgrammeFactory()
    first = client.get("/ciop/quote/")
    second = type(client)().get("/ciop/quote/")
    assert first.status_code == second.status_code == 200
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "no-store" in second["Cache-Control"] and "public" not in second["Cache-Control"]


class Clock:
    """This process's clock for reading the database's version; the next request reads it."""

    def __init__(self):
        self.now = 1.0

    def __call__(self):
        return self.now

    def wait_for_the_next_read(self):
        self.now += version.DATABASE_READ_SECONDS


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(version, "monotonic", clock)
    return clock


def another_process_saved(clock):
    """What another process's save does: it raises the database's version after its commit. This
    process sees it once it reads the version again."""
    ContentVersion.objects.raise_number()
    clock.wait_for_the_next_read()


def test_a_save_in_another_worker_replaces_this_workers_pages(client, term, clock):
    """Each gunicorn worker has its own local-memory cache; they share the version in the database."""
    page(client, "/terms/backlog/")
    Term.objects.filter(pk=term.pk).update(definition="Changed by the other worker.")
    another_process_saved(clock)
    assert "Changed by the other worker." in page(client, "/terms/backlog/")


def test_the_version_is_read_from_the_database_at_most_every_tenth_of_a_second_but_own_saves_count_at_once(
    client, term, clock, django_assert_num_queries
):
    page(client, "/terms/backlog/")
    with django_assert_num_queries(0):
        page(client, "/terms/backlog/")
    clock.wait_for_the_next_read()
    with django_assert_num_queries(1):
        page(client, "/terms/backlog/")
    term.definition = "Changed in this process."
    term.save()
    with CaptureQueriesContext(connection) as queries:
        assert "Changed in this process." in page(client, "/terms/backlog/")
    assert not [query for query in queries if "pagecache_contentversion" in query["sql"]]


def environment_for_this_database():
    """This process's environment, with the test database named for a `manage.py` command."""
    database = connection.settings_dict
    chosen = {"DATABASE_URL", "SQLITE_PATH", "REDIS_URL"}
    environment = {name: value for name, value in os.environ.items() if name not in chosen}
    if connection.vendor == "sqlite":
        return {**environment, "SQLITE_PATH": database["NAME"]}
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    address = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return {**environment, "DATABASE_URL": f"postgres://{credentials}@{address}/{database['NAME']}"}


@pytest.mark.django_db(transaction=True)  # the command must see the term, and this process its save
def test_a_save_made_by_a_manage_py_command_is_seen_by_the_next_request(client, term, clock):
    """`manage.py` runs in a process of its own (and, under systemd, with a temp folder of its own)."""
    assert "Orders not yet filled." in page(client, "/terms/backlog/")
    change = (
        "from glossary.models import Term; term = Term.objects.get(slug='backlog'); "
        "term.definition = 'Changed from a shell.'; term.save()"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", change],
        cwd=settings.BASE_DIR,
        env=environment_for_this_database(),
        check=True,
        timeout=120,
    )
    clock.wait_for_the_next_read()  # the command took far longer than that
    assert "Changed from a shell." in page(client, "/terms/backlog/")


def test_with_a_shared_cache_an_emptied_cache_never_brings_back_an_old_version(settings):
    settings.CACHE_IS_PER_PROCESS = False  # the version lives in the cache, as with Redis
    first = current_version()
    bump_version()
    second = current_version()
    cache.clear()
    assert len({first, second, current_version()}) == 3


def counting(application):
    def counted(environ, start_response):
        counted.calls += 1
        return application(environ, start_response)

    counted.calls = 0
    return counted


def serve(application, url, **extra):
    environ = RequestFactory().get(url, **extra).environ
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body


@pytest.mark.django_db(transaction=True)  # Django closes its connection after a WSGI request
def test_the_wsgi_front_serves_stored_pages_without_django_and_with_every_header(term):
    django = counting(WSGIHandler())
    application = PageCacheApplication(django)
    status, headers, body = serve(application, "/terms/backlog/")
    again_status, again_headers, again_body = serve(application, "/terms/backlog/")
    assert django.calls == 1
    assert (again_status, again_headers, again_body) == (status, headers, body)
    assert status == "200 OK" and b"Backlog" in body
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Length"] == str(len(body))


@pytest.mark.django_db(transaction=True)  # Django closes its connection after a WSGI request
def test_the_wsgi_front_leaves_sessions_and_conditional_requests_to_django(term):
    django = counting(WSGIHandler())
    application = PageCacheApplication(django)
    serve(application, "/terms/backlog/")
    serve(application, "/terms/backlog/", HTTP_COOKIE="sessionid=abc")
    status, _headers, _body = serve(
        application, "/terms/backlog/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2035 00:00:00 GMT"
    )
    assert django.calls == 3 and status == "304 Not Modified"


@pytest.mark.django_db(transaction=True)  # Django closes its connection after a WSGI request
def test_the_wsgi_fronts_ready_pages_follow_a_save_in_another_worker_and_expire(term, clock, monkeypatch):
    django = counting(WSGIHandler())
    application = PageCacheApplication(django)
    serve(application, "/terms/backlog/")
    serve(application, "/terms/backlog/")
    Term.objects.filter(pk=term.pk).update(definition="Changed by the other worker.")
    another_process_saved(clock)
    _status, _headers, body = serve(application, "/terms/backlog/")
    assert django.calls == 2 and b"Changed by the other worker." in body
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.PAGE_CACHE_SECONDS + 1)
    serve(application, "/terms/backlog/")
    assert django.calls == 3


@pytest.mark.django_db(transaction=True)  # Django closes its connection after a WSGI request
def test_the_wsgi_front_leaves_the_request_to_django_when_the_database_cannot_be_read(term, monkeypatch):
    def broken_connection():
        raise OperationalError("server closed the connection unexpectedly")

    django = counting(WSGIHandler())
    application = PageCacheApplication(django)
    serve(application, "/terms/backlog/")
    monkeypatch.setattr("pagecache.wsgi.current_version", broken_connection)
    status, _headers, body = serve(application, "/terms/backlog/")
    assert django.calls == 2 and status == "200 OK" and b"Backlog" in body


def test_only_the_latest_pages_are_kept_ready(term):
    hot = HotPages(size=2)
    stored = (200, {"Content-Type": "text/html"}, b"page", 0, time.time() + 60)
    for key in ["a", "b", "c"]:
        hot.keep(key, stored)
    assert hot.get("a") is None and hot.get("c") == (
        stored[4],
        "200 OK",
        [("Content-Type", "text/html")],
        b"page",
    )


def test_stored_pages_expire_when_a_scheduled_term_goes_live(client, page_cache, monkeypatch):
    start, clock = timezone.now(), time.time()
    TermFactory(name="Backlog")
    TermFactory(name="Cycle stock", published_at=start + datetime.timedelta(seconds=90))
    assert "Cycle stock" not in page(client, "/terms/")
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=91))
    monkeypatch.setattr(time, "time", lambda: clock + 91)
    assert "Cycle stock" in page(client, "/terms/")


def test_stored_pages_and_the_promotion_turn_over_at_midnight(client, page_cache, monkeypatch):
    programme = ProgrammeFactory()
    ModuleFactory(programme=programme, number=1)
    term = TermFactory(name="Backlog")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    VideoFactory(title="Tomorrow's video", published_on=tomorrow)
    assert "Tomorrow&#x27;s video" not in page(client, term.get_absolute_url())
    assert page_lifetime(current_version()) <= (next_midnight() - timezone.now()).total_seconds() + 1
    next_day = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 0, 5)))
    monkeypatch.setattr(timezone, "now", lambda: next_day)
    monkeypatch.setattr(time, "time", lambda: next_day.timestamp())
    assert "Tomorrow&#x27;s video" in page(client, term.get_absolute_url())


def test_a_stored_redirect_is_served_again_and_follows_a_rename(client, term):
    TermLabelFactory(term=term, label="Order backlog", kind="synonym")
    for _ in range(2):
        response = client.get("/terms/order-backlog/")
        assert response.status_code == 301 and response["Location"] == "/terms/backlog/"
    term.slug = "customer-backlog"
    term.save()
    assert client.get("/terms/order-backlog/")["Location"] == "/terms/customer-backlog/"


def test_every_page_in_the_sitemap_is_served_twice_from_the_page_cache(client, term):
    ModuleFactory(programme=ProgrammeFactory(), number=1).key_terms.add(term)
    VideoFactory()
    FacultyMemberFactory()
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert "/terms/backlog/" in paths and "/ciop/" in paths and len(paths) >= 8
    for url in [*paths, "/", "/terms/?letter=B", "/search/?q=backlog", "/feeds/terms/", "/robots.txt"]:
        statuses = [client.get(url).status_code for _ in range(2)]
        assert statuses == [200, 200], url
