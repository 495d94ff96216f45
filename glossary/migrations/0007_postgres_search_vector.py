"""PostgreSQL's search indexes; nothing on SQLite (its FTS5 table is the index there).

- `glossary_term.search_vector`: the names (weight A) and text (weight B) as a `tsvector`, a
  column PostgreSQL generates from `search_names` and `search_text` (which glossary/derived.py
  writes), with a GIN index for full-text matches.
- A trigram GIN index on `search_names`, for names like a mistyped query.

The column is not a model field: only the search's SQL reads it, and the database keeps it.
"""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0006_link_scope")]

    operations = [
        RunSQLOnPostgreSQL(
            [
                "ALTER TABLE glossary_term ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('english'::regconfig, COALESCE(search_names, '')), 'A') || "
                "setweight(to_tsvector('english'::regconfig, COALESCE(search_text, '')), 'B')) STORED",
                "CREATE INDEX glossary_term_search_vector ON glossary_term USING gin (search_vector)",
                "CREATE INDEX glossary_term_search_names_trgm ON glossary_term "
                "USING gin (search_names gin_trgm_ops)",
            ],
            [
                "DROP INDEX glossary_term_search_names_trgm",
                "ALTER TABLE glossary_term DROP COLUMN search_vector",
            ],
        ),
    ]
