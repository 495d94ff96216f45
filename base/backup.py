"""A consistent copy of the SQLite database while the site keeps running (online backup API)."""

import sqlite3
from pathlib import Path

from django.db import connections


class BackupNotSupported(Exception):
    pass


def backup_sqlite(destination, alias="default"):
    """Copy the live SQLite database to `destination` page by page; returns the Path."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        raise BackupNotSupported(
            f"manage.py backup copies SQLite databases only; this site uses {connection.vendor}. "
            "Use the database's own tool instead, e.g. pg_dump --format=custom --file=site.dump DBNAME."
        )
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return destination
