import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.db import connections

from pagecache import version
from tests.migrated_template import keep_as_template, remove, start_from_template


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """An SQLite test database in a file, not in memory: the concurrent-posts test and the browser
    tests serve requests from live-server threads, which must see the same database. Each
    pytest-xdist worker has its own file."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f".test-db-{worker}.sqlite3" if worker else ".test-db.sqlite3"
    for connection in connections.all():
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(django_settings.BASE_DIR / name)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """On SQLite each worker's database starts from the migrated template when there is one
    (tests/migrated_template.py): Django then keeps it rather than create and migrate it anew."""
    if request.config.getvalue("reuse_db"):
        return True
    connection = connections["default"]
    return connection.vendor == "sqlite" and start_from_template(connection.creation._get_test_db_name())


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_keepdb):
    """pytest-django's setup; an SQLite database it migrated from nothing becomes the template,
    and one started from the template is removed at the end, as Django removes the ones it made."""
    connection = connections["default"]
    ours = connection.vendor == "sqlite" and not request.config.getvalue("reuse_db")
    test_database = connection.creation._get_test_db_name() if ours else None
    # The name is the test database's only once some collected test asked for `db`.
    if ours and not django_db_keepdb and connection.settings_dict["NAME"] == test_database:
        keep_as_template(test_database)
    yield
    if ours and django_db_keepdb:
        connection.close()
        remove(test_database)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def page_cache_off(settings, monkeypatch):
    """Pages are rendered afresh in tests; tests of the page cache ask for `page_cache`."""
    settings.PAGE_CACHE_SECONDS = 0
    # A new content version for each test: the database went back to its start without a save,
    # and what a worker keeps by version (the CIOP promotion, ready pages) must not carry over.
    version.database_version.changed_here()
    # The database's version is read again only when a test moves this clock, so that query
    # counts do not depend on how fast the machine is.
    monkeypatch.setattr(version, "monotonic", lambda: 0.0)
    monkeypatch.setattr(version.database_version, "read_until", 1.0)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    return settings


def staff_user(username, *group_names):
    user = User.objects.create_user(username, f"{username}@example.com", "pw-for-tests", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


@pytest.fixture
def editor(db):
    """A member of Editors only: writes content but cannot publish."""
    return staff_user("writer", "Editors")


@pytest.fixture
def publisher(db):
    return staff_user("chief", "Editors", "Publishers")


@pytest.fixture
def sales_user(db):
    return staff_user("seller", "Sales")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def sales_client(client, sales_user):
    client.force_login(sales_user)
    return client


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the call that queues them; tests of the worker ask for
    `database_tasks`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings
