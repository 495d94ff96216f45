import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.factories import TermFactory

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.com",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        **extra,
    )
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_reports_nothing_in_production_mode(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_turns_on_https_hsts_and_secure_cookies(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = manage(production_env(tmp_path), "shell", "-c", code)
    assert result.stdout.split()[-4:] == ["True", "31536000", "True", "True"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/terms/", "/videos/", "term"])
def test_public_pages_send_the_content_security_policy(client, path):
    if path == "term":
        path = TermFactory(name="Safety stock").get_absolute_url()
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "style-src 'self'" in policy
    assert "img-src 'self' data: https://i.ytimg.com" in policy
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def failed_admin_login(client, username="editor", password="wrong-password"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9"
    )


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_wrong_passwords(client):
    User.objects.create_user("editor", password="the-right-password", is_staff=True)
    for _ in range(4):
        assert failed_admin_login(client).status_code == 200  # the form again, with its error
    locked = failed_admin_login(client)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.text
    assert "15 minutes" in locked.text
    right_password_too_late = failed_admin_login(client, password="the-right-password")
    assert right_password_too_late.status_code == 429


@pytest.mark.django_db
def test_lockout_is_per_username_so_others_can_still_log_in(client):
    User.objects.create_user("editor", password="the-right-password", is_staff=True)
    User.objects.create_user("chief", password="another-right-password", is_staff=True)
    for _ in range(5):
        failed_admin_login(client)
    response = failed_admin_login(client, username="chief", password="another-right-password")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
