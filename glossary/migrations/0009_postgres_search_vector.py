"""PostgreSQL's search indexes; nothing on SQLite (its FTS5 table is the index there).

- `glossary_term.search_names_vector` and `search_text_vector`: `search_names` and
  `search_text` (which glossary/derived.py writes) as `tsvector`s, columns PostgreSQL generates
  and stores, each with a GIN index for full-text matches (names and text are ranked apart).
- A trigram GIN index on `search_names`, for names like a mistyped query.

The columns are not model fields: only the search's SQL reads them, and the database keeps them.
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
    dependencies = [("glossary", "0008_definition_html")]

    operations = [
        RunSQLOnPostgreSQL(
            [
                "ALTER TABLE glossary_term "
                "ADD COLUMN search_names_vector tsvector "
                "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_names)) STORED, "
                "ADD COLUMN search_text_vector tsvector "
                "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_text)) STORED",
                "CREATE INDEX glossary_term_search_names_vector ON glossary_term USING gin (search_names_vector)",
                "CREATE INDEX glossary_term_search_text_vector ON glossary_term USING gin (search_text_vector)",
                "CREATE INDEX glossary_term_search_names_trgm ON glossary_term "
                "USING gin (search_names gin_trgm_ops)",
            ],
            [
                "DROP INDEX glossary_term_search_names_trgm",
                "ALTER TABLE glossary_term DROP COLUMN search_names_vector, DROP COLUMN search_text_vector",
            ],
        ),
    ]
