"""The full-text index: an FTS5 table on SQLite, the pg_trgm extension on PostgreSQL.

Each operation does nothing on the other database. Terms are indexed as they are saved;
`manage.py relink_terms` (and `load_demo`) rebuild the whole index.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class RunSQLOnSQLite(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0004_search_links_and_former_slugs")]

    operations = [
        RunSQLOnSQLite(
            "CREATE VIRTUAL TABLE glossary_term_fts USING fts5("
            "names, body, tokenize = 'porter unicode61 remove_diacritics 2')",
            "DROP TABLE glossary_term_fts",
        ),
        TrigramExtension(),
    ]
