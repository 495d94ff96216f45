"""A migrated SQLite test database kept between runs, named by a fingerprint of the migrations.

Migrating an empty database takes about 3 s in each pytest-xdist worker. After a worker migrated
its database, a copy is kept beside the checkout; the next runs start each worker's database from
that copy, and Django's `migrate` still runs on it (applying nothing, but sending `post_migrate`,
so content types, permissions and the staff roles are brought up to date as always). Any change
to a migration file, or to the version of an installed package, gives the copy a new name.
"""

import hashlib
import importlib.metadata
import os
import shutil
import sqlite3
import sys
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

PREFIX = ".test-db-template-"


def fingerprint():
    """A hash of every installed app's migration files and of every installed package's version."""
    digest = hashlib.sha256()
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for key in sorted(migrations):
        digest.update(Path(sys.modules[type(migrations[key]).__module__].__file__).read_bytes())
    for package in sorted(f"{dist.name}=={dist.version}" for dist in importlib.metadata.distributions()):
        digest.update(package.encode())
    return digest.hexdigest()[:16]


def template_path():
    return Path(settings.BASE_DIR) / f"{PREFIX}{fingerprint()}.sqlite3"


def start_from_template(database):
    """Copy the migrated template to `database` (a file name); False when there is none yet."""
    template = template_path()
    if not template.exists():
        return False
    remove(database)  # with its journal, which would be replayed onto the copy
    shutil.copyfile(template, database)
    return True


def remove(database):
    for name in (database, f"{database}-wal", f"{database}-shm"):
        Path(name).unlink(missing_ok=True)


def keep_as_template(database):
    """Keep a consistent copy of the freshly migrated `database` as the template, and drop older ones."""
    template = template_path()
    partial = Path(f"{template}.{os.getpid()}")
    connection = sqlite3.connect(database)
    try:
        connection.execute("VACUUM INTO ?", [str(partial)])
    finally:
        connection.close()
    os.replace(partial, template)  # whole or not at all, even with two workers at once
    for old in template.parent.glob(f"{PREFIX}*.sqlite3"):
        if old != template:
            old.unlink(missing_ok=True)
