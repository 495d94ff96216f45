"""The deployment examples in deploy/ agree with the settings."""

import shlex
from collections import defaultdict
from pathlib import PurePosixPath

from django.conf import settings

UNIT = settings.BASE_DIR / "deploy" / "termiknowledge.service"


def service_settings():
    """The unit's [Service] settings: each name with every value it is given, in order."""
    values, section = defaultdict(list), None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            name, _, value = line.partition("=")
            values[name.strip()].append(value.strip())
    return values


def test_the_systemd_unit_keeps_the_database_and_media_in_folders_it_may_write():
    service = service_settings()
    environment = dict(item.split("=", 1) for value in service["Environment"] for item in shlex.split(value))
    writable = [
        PurePosixPath(path.lstrip("-+")) for value in service["ReadWritePaths"] for path in value.split()
    ]
    assert service["ProtectSystem"] == ["strict"]  # without ReadWritePaths nothing could be written
    database, media = PurePosixPath(environment["SQLITE_PATH"]), PurePosixPath(environment["MEDIA_ROOT"])
    # SQLite writes its -wal and -shm files beside the database: its folder must be writable.
    assert any(database.parent.is_relative_to(folder) for folder in writable), database
    assert any(media.is_relative_to(folder) for folder in writable), media


def test_the_systemd_unit_runs_granian_with_its_settings_and_reloads_gracefully():
    service = service_settings()
    assert service["ExecStart"] == ["/srv/termiknowledge/.venv/bin/granian termiknowledge.wsgi:application"]
    # deploy/granian.env first, so that the secrets file may override it.
    assert service["EnvironmentFile"] == [
        "/srv/termiknowledge/deploy/granian.env",
        "/etc/termiknowledge/env",
    ]
    assert service["ExecReload"] == ["/bin/kill -s HUP $MAINPID"]  # Granian respawns its workers one by one


def test_granian_restarts_workers_bounds_their_time_and_logs_every_request():
    lines = (settings.BASE_DIR / "deploy" / "granian.env").read_text().splitlines()
    granian = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert granian["GRANIAN_INTERFACE"] == "wsgi"
    assert granian["GRANIAN_BLOCKING_THREADS"] == "1"  # one request at a time in each Django process
    assert granian["GRANIAN_RESPAWN_FAILED_WORKERS"] == "true"
    assert granian["GRANIAN_WORKERS_LIFETIME"] and granian["GRANIAN_WORKERS_MAX_RSS"]
    stop_seconds = int(service_settings()["TimeoutStopSec"][0])
    assert int(granian["GRANIAN_WORKERS_KILL_TIMEOUT"]) < stop_seconds  # workers stop before systemd kills
    assert granian["GRANIAN_LOG_ACCESS_ENABLED"] == "true"
    nginx = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert f"server {granian['GRANIAN_HOST']}:{granian['GRANIAN_PORT']};" in nginx
    assert "proxy_read_timeout" in nginx
