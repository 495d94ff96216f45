import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import TermFactory


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
@pytest.mark.django_db(transaction=True)
def test_backup_copies_the_sqlite_database(tmp_path, capsys):
    TermFactory(name="Safety stock")
    output = tmp_path / "copies" / "site.sqlite3"
    call_command("backup", output=str(output))
    assert f"Backed up the database to {output}" in capsys.readouterr().out
    with sqlite3.connect(output) as copy:
        names = [row[0] for row in copy.execute("SELECT name FROM glossary_term")]
    assert names == ["Safety stock"]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the refusal on other databases")
@pytest.mark.django_db
def test_backup_refuses_on_postgresql_and_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", output=str(tmp_path / "site.sqlite3"))
    assert not (tmp_path / "site.sqlite3").exists()
