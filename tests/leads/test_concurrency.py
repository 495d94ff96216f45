import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from leads.models import Lead
from tests.leads.concurrent_quotes import POSTS, QUOTE_SETTINGS, submit_at_once


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_are_all_saved(live_server, programme, settings):
    for name, value in QUOTE_SETTINGS.items():
        setattr(settings, name, value)
    # Room for every visitor's connection at once (the test server's default backlog is 10; gunicorn
    # has 2048): on a busy machine a full queue made the kernel reset a connection now and then.
    live_server.thread.httpd.socket.listen(POSTS)
    statuses = submit_at_once(live_server.url)
    assert statuses == [200] * POSTS  # each followed the redirect to its thank-you page
    assert Lead.objects.count() == POSTS
    assert Lead.objects.values("quote_number").distinct().count() == POSTS
    assert Lead.objects.filter(auto_reply_sent_at__isnull=False).count() == POSTS


def environment(**variables):
    """This process's environment without any database or cache choice, plus `variables`."""
    chosen = {"DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    return {**{k: v for k, v in os.environ.items() if k not in chosen}, **variables}


def databases_setting(**variables):
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'termiknowledge.settings'\n"
        "from django.conf import settings; print(json.dumps(settings.DATABASES['default']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=environment(**variables),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    "mode",
    [
        {"DJANGO_DEBUG": "1"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a"},
    ],
)
def test_sqlite_named_by_database_url_gets_the_same_settings_as_sqlite_path(tmp_path, mode):
    database = tmp_path / "site.sqlite3"
    by_path = databases_setting(SQLITE_PATH=str(database), **mode)
    by_url = databases_setting(DATABASE_URL=f"sqlite:///{database}", **mode)
    assert by_url["NAME"] == by_path["NAME"] == str(database)
    for name in ["ENGINE", "OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"]:
        assert by_url[name] == by_path[name], name
    assert by_url["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and by_url["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in by_url["OPTIONS"]["init_command"]
    assert by_url["CONN_MAX_AGE"] == (0 if mode["DJANGO_DEBUG"] == "1" else None)


def test_fifty_concurrent_submissions_are_all_saved_on_sqlite_named_by_database_url(tmp_path):
    """A server of its own, in a process whose settings read DATABASE_URL=sqlite:///…"""
    run = subprocess.run(
        [sys.executable, "-m", "tests.leads.concurrent_quotes"],
        env=environment(DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", DJANGO_DEBUG="1"),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.splitlines()[-1])
    assert outcome == {"statuses": [200] * POSTS, "saved": POSTS}, run.stderr[-3000:]
