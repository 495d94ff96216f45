"""Two nodes, one PostgreSQL, one Redis: what one node does, the other sees at once.

Two Granian processes started with deploy/granian.env, in production mode, on ports of their own,
share the test database and a throwaway Redis (`make test` gives it in TEST_REDIS_URL through
scripts/with-redis.sh). Real HTTP requests go to one node and are checked on the other.
"""

import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import ScryptPasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from glossary.models import Term
from leads import spam
from leads.models import Lead
from tests.factories import TermFactory, TopicFactory
from tests.leads.conftest import create_ciop, form_data

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
NODE_SECRET_KEY = "two-node-test-secret-key-not-for-production-0123456789abcdef"
PASSWORD = "a-long-password-for-the-two-node-test"

pytestmark = [pytest.mark.two_nodes, pytest.mark.django_db(transaction=True)]


def missing_services():
    """Why the nodes cannot run here, or an empty string."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (run under scripts/with-postgres.sh)"
    if not REDIS_URL:
        return "needs a Redis server in TEST_REDIS_URL (run under scripts/with-redis.sh --as TEST_REDIS_URL)"
    return ""


@pytest.fixture(scope="module")
def services():
    """Skip where PostgreSQL or Redis is missing; in CI, the PostgreSQL pass must have Redis."""
    reason = missing_services()
    if reason and connection.vendor == "postgresql" and os.environ.get("CI"):
        pytest.fail(f"The two-node test must run in CI's PostgreSQL pass but {reason}.")
    if reason:
        pytest.skip(f"Two-node test: {reason}; `make test` provides both in its PostgreSQL pass.")


@pytest.fixture(scope="module")
def static_root(services, tmp_path_factory):
    """Production's hashed static files, which the nodes' pages name."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def granian_settings():
    """deploy/granian.env as a dict: what the systemd unit gives Granian."""
    lines = (django_settings.BASE_DIR / "deploy" / "granian.env").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name: " ".join(shlex.split(value)) for name, value in pairs}


def node_environment(port, static_root):
    database = connection.settings_dict
    chosen = {"DATABASE_URL", "SQLITE_PATH", "REDIS_URL"}
    environment = {name: value for name, value in os.environ.items() if name not in chosen}
    return {
        **environment,
        **granian_settings(),
        "GRANIAN_PORT": str(port),
        "GRANIAN_WORKERS": "1",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": NODE_SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "PAGE_CACHE_SECONDS": "600",
        "STATIC_ROOT": str(static_root),
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """One Granian process serving the site, and its log (the access log included)."""

    def __init__(self, name, static_root, log_dir):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = log_dir / f"{name}.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "granian"), "termiknowledge.wsgi:application"],
            cwd=django_settings.BASE_DIR,
            env=node_environment(port, static_root),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{self.url} did not answer in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture(scope="module")
def nodes(django_db_setup, static_root, tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("nodes")
    started = [Node(name, static_root, log_dir) for name in ("a", "b")]
    try:
        for node in started:
            node.wait_until_up()
        yield started
    finally:
        for node in started:
            node.stop()


@pytest.fixture(autouse=True)
def empty_redis(services):
    """Each test starts with an empty shared cache: no counts or pages from the one before."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Browser:
    """One visitor: keeps its cookies (the secure ones too: the nodes speak HTTP on loopback) and
    sees redirects as they are."""

    class KeepRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = {}
        self.opener = urllib.request.build_opener(self.KeepRedirects)

    def get(self, url):
        return self.send(urllib.request.Request(url))

    def post(self, url, data):
        body = urllib.parse.urlencode(data).encode()
        return self.send(urllib.request.Request(url, data=body, headers={"Referer": url}))

    def send(self, request):
        request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status, response.read().decode()

    def csrf_token(self, url):
        status, html = self.get(url)
        assert status == 200, html[:500]
        return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    def log_in(self, node, username, password):
        """Post the admin's log-in form; the form is fetched once (a failed log-in keeps the token)."""
        if "csrftoken" not in self.cookies:
            self.login_token = self.csrf_token(node.url + "/admin/login/")
        data = {"username": username, "password": password, "next": "/admin/"}
        return self.post(node.url + "/admin/login/", {**data, "csrfmiddlewaretoken": self.login_token})


@pytest.fixture
def superuser(db):
    """Hashed with a hasher of the nodes' settings (the tests' own is not among them), cheaply:
    scrypt with a small cost, which, unlike PBKDF2, does not pad a failed check to the full cost."""
    user = User.objects.create_superuser("chief", "chief@example.com")
    user.password = ScryptPasswordHasher().encode(PASSWORD, "twonodesalt", n=2**10)
    user.save()
    return user


def test_a_save_through_node_a_is_seen_on_node_bs_next_request(nodes, superuser):
    a, b = nodes
    topic = TopicFactory(name="Inventory planning")
    term = TermFactory(name="Cycle stock", topics=[topic])
    visitor = Browser()
    status, html = visitor.get(b.url + term.get_absolute_url())
    assert status == 200 and "Inventory planning" in html
    # A change that no save announces is not seen: B serves the page it stored.
    Term.objects.filter(pk=term.pk).update(definition="Changed without a save.")
    assert "Changed without a save." not in visitor.get(b.url + term.get_absolute_url())[1]
    editor = Browser()
    status, html = editor.log_in(a, "chief", PASSWORD)
    assert status == 302, html[:2000]
    change = f"{a.url}/admin/glossary/topic/{topic.pk}/change/"
    data = {"name": "Stock planning", "slug": topic.slug, "description": "", "display_order": "0"}
    status, html = editor.post(change, {**data, "csrfmiddlewaretoken": editor.csrf_token(change)})
    assert status == 302, html[:2000]
    status, html = visitor.get(b.url + term.get_absolute_url())
    assert status == 200
    assert "Stock planning" in html and "Inventory planning" not in html
    assert "Changed without a save." in html  # the page was rendered afresh


def test_a_session_logged_in_on_node_a_works_on_node_b(nodes, superuser):
    a, b = nodes
    editor = Browser()
    assert editor.log_in(a, "chief", PASSWORD)[0] == 302
    status, html = editor.get(b.url + "/admin/")
    assert status == 200 and "chief" in html
    assert Browser().get(b.url + "/admin/")[0] == 302  # without the session: to the log-in page


def test_the_quote_rate_limit_counted_on_node_a_applies_on_node_b(nodes, settings):
    a, b = nodes
    create_ciop()
    visitor = Browser()
    token = visitor.csrf_token(a.url + "/ciop/quote/")
    limit = django_settings.LEADS_RATE_LIMIT[0]

    def send(node, number):
        settings.SECRET_KEY = NODE_SECRET_KEY  # the stamp the quote page would have signed a minute ago
        started = spam.started_stamp(visitor.cookies[spam.COOKIE_NAME], started=time.time() - 60)
        data = form_data(email=f"buyer{number}@example.com", started=started, csrfmiddlewaretoken=token)
        return visitor.post(node.url + "/ciop/quote/", data)

    for number in range(limit):
        status, html = send(a, number)
        assert status == 302, html[:2000]  # saved, on to the thank-you page
    status, html = send(b, limit)
    assert status == 429 and "several requests from your network" in html
    assert Lead.objects.count() == limit


def test_the_admin_lock_out_triggered_on_node_a_applies_on_node_b(nodes, superuser):
    a, b = nodes
    guesser = Browser()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        status, _html = guesser.log_in(a, "chief", "a-wrong-guess")
    assert status == 429  # the limit's last guess locks the pair out
    status, html = Browser().log_in(b, "chief", PASSWORD)  # even the right password, on the other node
    assert status == 429, html[:2000]


def test_each_node_writes_an_access_log_line_per_request(nodes):
    a, _b = nodes
    Browser().get(a.url + "/healthz?from=access-log-test")
    deadline = time.monotonic() + 5
    while "GET /healthz" not in a.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert '"GET /healthz HTTP/1.1" 200' in a.log.read_text()


def test_a_reload_replaces_the_workers_without_failing_a_request(nodes):
    """`systemctl reload` sends SIGHUP: Granian starts a new worker, then lets the old one finish."""
    a, _b = nodes
    statuses, reloaded = [], threading.Event()

    def visit_until_reloaded():
        while not reloaded.is_set():
            statuses.append(Browser().get(a.url + "/healthz")[0])

    visitor = threading.Thread(target=visit_until_reloaded)
    visitor.start()
    os.kill(a.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 30
    while "Stopped old worker" not in a.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    reloaded.set()
    visitor.join()
    assert "Stopped old worker" in a.log.read_text()
    assert statuses and set(statuses) == {200}
    assert Browser().get(a.url + "/healthz")[0] == 200
