"""PostgreSQL's list of the words its search vectors hold (nothing on SQLite): the analog of the
FTS5 prefix indexes of migration 0013.

Search reads the last word of a query as a prefix ("safety st" finds "safety stock"). In a GIN
index, `'review':*` gathers every term holding a word that starts so into a bitmap before any
other word can narrow it: 4 ms for "regional pallet review" at 100,000 terms, where the same
words with "review" spelled out take 0.5 ms. So a query of several words names the words the
prefix stands for (glossary/search.py, `prefix_words`), read from this table.

glossary/search.py's `reindex` adds the words of every term it indexes; none are removed (a
word no term holds any more only adds a branch that matches nothing).
"""

from django.db import migrations

TABLE = "glossary_search_word"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in [
        f'CREATE TABLE {TABLE} (word text COLLATE "C" PRIMARY KEY)',
        f"INSERT INTO {TABLE} (word) SELECT DISTINCT unnest(tsvector_to_array("
        "search_names_vector || search_text_vector)) FROM glossary_term",
    ]:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("glossary", "0014_term_public_check_index")]

    operations = [migrations.RunPython(create, drop)]
