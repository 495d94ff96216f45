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
