"""Ranked term search: exact names first, then names that start with the query, then full text.

Every name, abbreviation and label is stored normalized in `SearchName` (exact and prefix
matches); the full text lives in a SQLite FTS5 table or, on PostgreSQL, in the columns
`glossary_term.search_names_vector` and `search_text_vector` that the database generates from
`Term.search_names` and `Term.search_text`, GIN-indexed, beside a trigram index for typos
(migration 0007). Queries are normalized the same way and only ever reach the database as quoted
word tokens or bound parameters.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from .models import SearchName, Term

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 10
MAX_RESULTS = 1000
BODY_SCAN_LIMIT = 3000
FTS_TABLE = "glossary_term_fts"
VOCABULARY_CACHE_KEY = "glossary:search-vocabulary"
LAST_CHARACTER = "\U0010ffff"
HTML_ESCAPED = frozenset("&<>\"'")
SIMILARITY = 0.4  # PostgreSQL: how like a name a mistyped query must be


def normalise(text):
    """Lowercase, accents stripped, '&' read as 'and', punctuation removed, spaces collapsed."""
    text = text or ""
    if not text.isascii():  # plain ASCII has no accents to strip (most texts; a third of a reindex)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.lower()
    text = re.sub(r"['’]", "", text.replace("&", " and "))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def clean_query(text):
    return normalise((text or "")[:MAX_QUERY_LENGTH])


def tokens_of(query):
    return query.split()[:MAX_TOKENS]


# Keeping the index in step -------------------------------------------------------------


def index_values(term):
    names = [term.name, term.abbreviation] + [label.label for label in term.labels.all()]
    keys = list(dict.fromkeys(key for key in map(normalise, names) if key))
    body = normalise(f"{term.definition} {strip_tags(term.explanation_html)} {term.example}")
    return keys, body


def reindex(term_ids, names_changed=True):
    """Refresh the search rows of these terms (missing ids are simply removed).

    The typo corrector's word list (every published name) is read again only when a name may
    have come or gone: `names_changed` (a rename, a label, a publication) or a deleted term. At
    100,000 terms reading it takes about a second, which the next mistyped search would pay."""
    term_ids = set(term_ids)
    terms = list(Term.objects.filter(pk__in=term_ids).prefetch_related("labels"))
    rows, names = [], []
    for term in terms:
        keys, term.search_text = index_values(term)
        term.search_names = "\n".join(keys)
        rows.append((term.pk, term.search_names, term.search_text))
        names += [SearchName(term=term, key=key[:200], is_name=i == 0) for i, key in enumerate(keys)]
    Term.objects.write_fields(terms, ["search_names", "search_text"])
    SearchName.objects.filter(term_id__in=term_ids).delete()
    SearchName.objects.bulk_create(names, batch_size=1000)
    if connection.vendor == "sqlite":
        unindex_fts(term_ids)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, names, body) VALUES (%s, %s, %s)", rows)
    if names_changed or len(terms) < len(term_ids):
        cache.delete(VOCABULARY_CACHE_KEY)


def unindex_fts(term_ids):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in term_ids])


def reindex_all(batch_size=2000):
    ids = list(Term.objects.order_by("pk").values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    for start in range(0, len(ids), batch_size):
        reindex(ids[start : start + batch_size])
    return len(ids)


def mentioning(keys):
    """Ids of the terms whose text may mention one of these names, as a subquery, from SQLite's
    full-text index: a superset (the last word is a prefix, as "stock" is in "stock's"), which the
    cross-linker then reads exactly. None where the index cannot say: on PostgreSQL, and for a
    name with a character that HTML escapes (the index reads explanations as HTML)."""
    if connection.vendor != "sqlite" or any(HTML_ESCAPED.intersection(key) for key in keys):
        return None
    phrases = [f'"{words}"*' for words in map(normalise, keys) if words]
    if not phrases:
        return []
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return RawSQL(sql, [f"{{body}} : ({' OR '.join(phrases)})"])


# Ranking ---------------------------------------------------------------------------------


def name_matches(query):
    """Ids whose name, abbreviation or label equals the query, then names, then labels starting with it."""
    exact = SearchName.objects.filter(key=query)
    if connection.vendor == "sqlite":  # a range, so that SQLite uses the index
        starting = SearchName.objects.filter(key__gt=query, key__lt=query + LAST_CHARACTER)
    else:
        starting = SearchName.objects.filter(key__startswith=query).exclude(key=query)
    ids = list(exact.values_list("term_id", flat=True))
    for is_name in (True, False):
        rows = starting.filter(is_name=is_name).order_by("key")[:MAX_RESULTS]
        ids += list(rows.values_list("term_id", flat=True))
    return ids


def sqlite_full_text(tokens):
    """One statement: matches in names (ranked) before matches in the text; the words as a
    phrase before the words anywhere. Every token is quoted, the last one is a prefix.

    Scoring every match of a very common word is what costs time at 100,000 terms, so text
    matches are ranked among the first BODY_SCAN_LIMIT found (names are always all ranked)."""
    expressions = ['"' + " ".join(tokens) + '"*'] if len(tokens) > 1 else []
    expressions.append(" ".join(f'"{token}"' for token in tokens) + "*")
    tiers, params = [], []
    for expression in expressions:
        for column, limit in (
            ("names", f"ORDER BY score LIMIT {MAX_RESULTS}"),
            ("body", f"LIMIT {BODY_SCAN_LIMIT}"),
        ):
            tiers.append(
                f"SELECT * FROM (SELECT rowid, {len(tiers)} AS tier, bm25({FTS_TABLE}, 10.0, 1.0) AS score "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s {limit})"
            )
            params.append(f"{{{column}}} : ({expression})")
    sql = f"SELECT rowid FROM ({' UNION ALL '.join(tiers)}) ORDER BY tier, score"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def postgres_full_text(tokens):
    """The same tiers as on SQLite, from the stored, GIN-indexed vectors of the names and of the
    text: names (all ranked) before text (ranked among the first BODY_SCAN_LIMIT found), the
    words as a phrase (its last word a prefix) before the words anywhere (each a prefix)."""
    expressions = [" <-> ".join(tokens) + ":*"] if len(tokens) > 1 else []
    expressions.append(" & ".join(f"{token}:*" for token in tokens))
    tiers, params = [], []
    for expression in expressions:
        for column, limit in (
            ("search_names_vector", f"ORDER BY score DESC, name LIMIT {MAX_RESULTS}"),
            ("search_text_vector", f"LIMIT {BODY_SCAN_LIMIT}"),
        ):
            tiers.append(
                f"(SELECT id, name, {len(tiers)} AS tier, ts_rank({column}, query) AS score "
                f"FROM glossary_term, to_tsquery('english'::regconfig, %s) AS query "
                f"WHERE {column} @@ query {limit})"
            )
            params.append(expression)
    sql = f"SELECT id FROM ({' UNION ALL '.join(tiers)}) AS tiers ORDER BY tier, score DESC, name"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def postgres_similar(query):
    """Terms with a name like the query (trigrams, GIN-indexed): the last resort for typos."""
    sql = (
        "SELECT id FROM glossary_term WHERE %(query)s <%% search_names "
        "AND word_similarity(%(query)s, search_names) >= %(threshold)s "
        "ORDER BY word_similarity(%(query)s, search_names) DESC, name LIMIT 20"
    )
    with connection.cursor() as cursor:
        # `<%` (which the index serves) compares with this setting; the default is 0.6.
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(SIMILARITY)])
        cursor.execute(sql, {"query": query, "threshold": SIMILARITY})
        return [row[0] for row in cursor.fetchall()]


def full_text(tokens):
    if connection.vendor == "sqlite":
        return sqlite_full_text(tokens)
    return postgres_full_text(tokens)


def ranked_ids(queryset, query):
    """Ids of the terms in `queryset` matching a normalized query, best first."""
    if not query:
        return []
    candidates = list(dict.fromkeys(name_matches(query) + full_text(tokens_of(query))))
    return only_in(queryset, candidates[:MAX_RESULTS])


def only_in(queryset, candidates):
    """The candidates (in order) that `queryset` allows, e.g. published terms only."""
    allowed = set(
        queryset.filter(pk__in=candidates).order_by().values_list("pk", flat=True)
    )  # a set: unsorted
    return [pk for pk in candidates if pk in allowed]


# Typos -------------------------------------------------------------------------------------


def vocabulary():
    """Every word (3+ letters) of every published name and label, cached until the index changes."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        names = Term.objects.published().values_list("search_names", flat=True)
        words = {word for text in names.iterator(chunk_size=5000) for word in text.split()}
        words = sorted(word for word in words if len(word) >= 3 and not word.isdigit())
        cache.set(VOCABULARY_CACHE_KEY, words, timeout=3600)
    return words


def closest_word(token, words):
    """The known word most like `token`, or '' (only words of about the same length can be)."""
    alike = [word for word in words if abs(len(word) - len(token)) <= 2]
    close = difflib.get_close_matches(token, alike, n=1, cutoff=0.75)
    return close[0] if close else ""


def corrected(query):
    """The query with each unknown word replaced by the closest known one ('' when none is)."""
    words = vocabulary()
    known = set(words)
    fixed = [
        token if token in known or len(token) < 3 or token.isdigit() else closest_word(token, words) or token
        for token in tokens_of(query)
    ]
    correction = " ".join(fixed)
    return correction if correction != query else ""


# Results -----------------------------------------------------------------------------------


@dataclass
class RankedTerms:
    """Terms in rank order, fetched one page at a time (works with Django's Paginator)."""

    queryset: object
    ids: list
    query: str = ""
    tokens: list = field(default_factory=list)
    correction: str = ""
    lookalike: bool = False  # names only like the query (PostgreSQL's trigrams), no real match

    @property
    def own_results(self):
        """Terms found for the words as typed, not for a typo fix or a name that merely looks alike."""
        return bool(self.ids) and not (self.correction or self.lookalike)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        by_id = {term.pk: term for term in self.queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self):
        return iter(self[:])

    @cached_property
    def best_name(self):
        """The name of the top result, for "Did you mean ...?" (one query, once)."""
        if not self.ids:
            return ""
        return self.queryset.model.objects.values_list("name", flat=True).get(pk=self.ids[0])


def ranked_terms(queryset, text):
    query = clean_query(text)
    ids = ranked_ids(queryset, query)
    correction = ""
    if not ids and query:
        correction = corrected(query)
        ids = ranked_ids(queryset, correction) if correction else []
        correction = correction if ids else ""
    lookalike = not ids and bool(query) and connection.vendor == "postgresql"
    if lookalike:
        ids = only_in(queryset, postgres_similar(query))
    return RankedTerms(queryset, ids, query, tokens_of(correction or query), correction, lookalike)
