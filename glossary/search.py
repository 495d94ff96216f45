"""Ranked term search: exact names first, then names that start with the query, then full text.

Every name, abbreviation and label is stored normalized in `SearchName` (exact and prefix
matches); the full text lives in a SQLite FTS5 table or, on PostgreSQL, in the columns
`glossary_term.search_names_vector` and `search_text_vector` that the database generates from
`Term.search_names` and `Term.search_text`, GIN-indexed, beside a trigram index for typos
(migration 0009) and the list of the words the vectors hold (migration 0015). Queries are
normalized the same way and only ever reach the database as quoted word tokens or bound
parameters.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, partial
from html import unescape
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from rapidfuzz import fuzz, process

from base.kept import KeptValue
from pagecache.version import current_version

from .models import SearchName, Term

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 10
MAX_RESULTS = 1000
BODY_SCAN_LIMIT = 3000
FTS_TABLE = "glossary_term_fts"
WORDS_TABLE = "glossary_search_word"  # PostgreSQL: every word of the search vectors
MAX_PREFIX_WORDS = 32
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
    explanation = unescape(strip_tags(term.explanation_html))  # "S&amp;OP" is found as "S&OP"
    body = normalise(f"{term.definition} {explanation} {term.example}")
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
    if connection.vendor == "postgresql":
        remember_words(term_ids)
    SearchName.objects.filter(term_id__in=term_ids).delete()
    SearchName.objects.bulk_create(names, batch_size=1000)
    if connection.vendor == "sqlite":
        unindex_fts(term_ids)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, names, body) VALUES (%s, %s, %s)", rows)
    if names_changed or len(terms) < len(term_ids):
        forget_vocabulary()


def remember_words(term_ids):
    """Add the words of these terms' vectors (which PostgreSQL has just generated) to WORDS_TABLE."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WORDS_TABLE} (word) SELECT DISTINCT unnest(tsvector_to_array("
            "search_names_vector || search_text_vector)) FROM glossary_term WHERE id = ANY(%s) "
            "ON CONFLICT DO NOTHING",
            [sorted(term_ids)],
        )


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
#
# A query's matches come in tiers, best first: the exact name, abbreviation or label; names,
# then labels, that start with the query; then full text: the words as a phrase before the
# words anywhere, each in the names (bm25) before the text (bm25 among the first
# BODY_SCAN_LIMIT found). Reading every tier in full took 10-50 ms a search at 100,000 terms,
# while a page shows 20 results and search-as-you-type 8. So a Ranking reads the tiers in
# order, each only as far as the page asked for needs, and counts the matches separately
# (capped at MAX_RESULTS): 1-2 ms for most queries (README, "Performance").


class Allowed(NamedTuple):
    """The queryset a search ranks (e.g. published terms), and its ids as SQL to join with; on
    PostgreSQL also its FROM and WHERE, with a place for a condition (`postgres_matching`)."""

    sql: str
    params: list
    queryset: object
    from_where: str = ""  # PostgreSQL: the queryset's FROM and WHERE, VECTOR_CONDITION in it


VECTOR_CONDITION = "__vector_condition__"


def allowed_ids(queryset):
    """SQLite reads the join as one lookup per row. PostgreSQL does not merge the terms table
    with itself: there each statement filters the queryset itself (`postgres_matching`), whose
    FROM and WHERE are compiled once a search: compiling them for each statement took 0.2-0.3 ms
    of Python a statement."""
    if connection.vendor != "postgresql":
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        return Allowed(sql, list(params), queryset)
    marked = queryset.order_by().filter(RawSQL(VECTOR_CONDITION, [], output_field=BooleanField()))
    marked_sql, params = marked.values("pk").query.sql_with_params()
    select, from_where = marked_sql.split(" FROM ", 1)  # the select list is "glossary_term"."id"
    sql = f"{select} FROM {from_where.replace(VECTOR_CONDITION, 'TRUE')}"
    return Allowed(sql, list(params), queryset, from_where)


def starting_with(query, inclusive=False):
    """An SQL condition on SearchName `s`: keys that start with the query (and it itself if inclusive)."""
    if connection.vendor == "sqlite":  # a range, so that SQLite uses the index
        return f"s.key {'>=' if inclusive else '>'} %s AND s.key < %s", [query, query + LAST_CHARACTER]
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if inclusive:
        return "s.key LIKE %s", [escaped + "%"]
    return "s.key LIKE %s AND s.key <> %s", [escaped + "%", query]


def name_conditions(query):
    """SQL conditions on SearchName `s`, in rank order: the whole key, then a name, then a label
    starting with the query."""
    starting, params = starting_with(query)
    return [
        ("s.key = %s", [query]),
        (f"{starting} AND s.is_name", params),
        (f"{starting} AND NOT s.is_name", params),
    ]


def name_tiers(query, allowed, limit):
    """One statement: the first `limit` allowed ids of each name tier, as (tier, rank, id)."""
    # Keys in byte order, as Python sorts them: SQLite's own order; on PostgreSQL the order of
    # the pattern index that serves LIKE, which it then reads only up to the limit (ordered by
    # the database's collation it sorted every key starting so: up to 100 ms at 100,000 terms).
    by_key = "s.key" if connection.vendor == "sqlite" else "s.key USING ~<~"
    tiers, params = [], []
    for tier, (condition, condition_params) in enumerate(name_conditions(query)):
        tiers.append(
            f"SELECT * FROM (SELECT {tier} AS tier, s.key AS rank, s.term_id AS id "
            f"FROM glossary_searchname s JOIN ({allowed.sql}) AS allowed ON allowed.pk = s.term_id "
            f"WHERE {condition} ORDER BY {by_key}, s.id LIMIT {limit}) AS tier{tier}"
        )
        params += allowed.params + condition_params
    return " UNION ALL ".join(tiers), params


class TextQuery(NamedTuple):
    """One full-text expression: for SQLite's FTS5, and as SQL giving PostgreSQL's tsquery."""

    fts5: str
    tsquery: str
    params: list


TSQUERY = "to_tsquery('english'::regconfig, %s)"


def text_expressions(tokens, prefix_words=()):
    """The words as a phrase, then each word anywhere; the last word is a prefix (a prefix on
    every word made PostgreSQL merge the index entries of every word that starts so: 10 ms a
    tier at 100,000 terms). `prefix_words`: on PostgreSQL, the words that prefix stands for."""
    expressions = []
    if len(tokens) > 1:
        phrase = '"' + " ".join(tokens) + '"*'
        expressions.append(TextQuery(phrase, *tsquery(tokens, "<->", prefix_words)))
    every_word = " ".join(f'"{token}"' for token in tokens) + "*"
    expressions.append(TextQuery(every_word, *tsquery(tokens, "&", prefix_words)))
    return expressions


def tsquery(tokens, operator, prefix_words):
    """PostgreSQL's tsquery as (SQL, params): the last token a prefix, or the words it stands for
    in its place (`ts_rewrite` keeps a phrase's distances, which a stop word lengthens)."""
    words = f" {operator} ".join(tokens) + ":*"
    if not prefix_words:
        return TSQUERY, [words]
    either = " | ".join("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in prefix_words)
    return f"ts_rewrite({TSQUERY}, {TSQUERY}, %s::tsquery)", [words, tokens[-1] + ":*", either]


def prefix_words(tokens):
    """PostgreSQL, for a query of several words: the indexed words that start as the last one
    does once stemmed (what `last:*` matches), or () where there are none (a stop word) or more
    than MAX_PREFIX_WORDS. A GIN index gathers the terms of every word a prefix matches before
    the other words narrow them (4 ms for "regional pallet review" at 100,000 terms); named,
    the words are read alongside the others (0.5 ms). Alone, a prefix gains nothing so, and
    nor does it after stop words only ("S&OP": "s and op"), where the words' OR took 12 ms and
    the prefix 1.1 ms at 3,000 terms."""
    if connection.vendor != "postgresql" or len(tokens) < 2:
        return ()
    stem = "(SELECT min(lexeme) FROM unnest(to_tsvector('english'::regconfig, %s)) HAVING count(*) = 1)"
    sql = (
        f"SELECT word FROM {WORDS_TABLE} WHERE length(to_tsvector('english'::regconfig, %s)) > 0 "
        f"AND word >= {stem} AND word < {stem} || %s ORDER BY word LIMIT {MAX_PREFIX_WORDS + 1}"
    )
    params = [" ".join(tokens[:-1]), tokens[-1], tokens[-1], LAST_CHARACTER]
    words = [row[0] for row in rows_of(sql, params)]
    return tuple(words) if len(words) <= MAX_PREFIX_WORDS else ()


def sqlite_text_tier(column, expression, allowed, limit):
    """A tier from the FTS5 table: bm25 over all matches in the names, or the first
    BODY_SCAN_LIMIT found in the text (scoring every match of a common word costs the time)."""
    matches = (
        f"SELECT bm25({FTS_TABLE}, 10.0, 1.0) AS rank, {FTS_TABLE}.rowid AS id FROM {FTS_TABLE} "
        f"JOIN ({allowed.sql}) AS allowed ON allowed.pk = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s"
    )
    if column == "body":
        matches += f" LIMIT {BODY_SCAN_LIMIT}"
    sql = f"SELECT 0 AS tier, rank, id FROM ({matches}) ORDER BY rank, id LIMIT {limit}"
    return sql, allowed.params + [f"{{{column}}} : ({expression.fts5})"]


TERM_ID = '"glossary_term"."id"'


def postgres_matching(allowed, columns, vector_condition, params, limit):
    """(SQL, params) giving these columns (and their params) of the first `limit` allowed terms
    whose vectors match, on the terms table alone: joined with the queryset's ids, PostgreSQL
    read every term's vectors in id order (11 ms at 100,000 terms). The condition comes last in
    the WHERE, as do its params."""
    columns, column_params = columns
    from_where = allowed.from_where.replace(VECTOR_CONDITION, f"({vector_condition})")
    return f"SELECT {columns} FROM {from_where} LIMIT {limit}", column_params + allowed.params + params


# PostgreSQL's tiers read a vector, scored with one of ts_rank's normalizations. Scored
# as they stand, nearly all names tie (3,059 of the 3,071 holding "analysis" at 100,000 terms),
# and scoring each cost a read of its row: 4.8 ms for "variance". So names are ranked among the
# first MAX_RESULTS found (2.1 ms), the shorter first (2: over the number of words, as SQLite's
# bm25 weighs length).
POSTGRES_VECTORS = {"names": ("search_names_vector", 2), "body": ("search_text_vector", 0)}


def postgres_text_tier(column, expression, allowed, limit):
    """The same tier from the stored, GIN-indexed vectors of the names or of the text."""
    vector, normalization = POSTGRES_VECTORS[column]
    scan_limit = BODY_SCAN_LIMIT if column == "body" else MAX_RESULTS
    columns = f"-ts_rank({vector}, {expression.tsquery}, {normalization}) AS rank, {TERM_ID} AS id"
    condition = f"{vector} @@ {expression.tsquery}"
    sql, params = postgres_matching(
        allowed, (columns, expression.params), condition, expression.params, scan_limit
    )
    ranked = f"SELECT 0 AS tier, rank, id FROM ({sql}) AS matches ORDER BY rank, id LIMIT {limit}"
    return priced_out(ranked), params


def tier_statements(query, allowed, expressions):
    """Each statement as a function of its limit, in rank order, giving (tier, rank, id) rows:
    the name tiers at once, then each full-text tier alone (the words as a phrase, then
    anywhere; each in the names, then the text)."""
    text_tier = sqlite_text_tier if connection.vendor == "sqlite" else postgres_text_tier
    yield partial(name_tiers, query, allowed)
    for expression in expressions:
        for column in ("names", "body"):
            yield partial(text_tier, column, expression, allowed)


def count_sql(query, allowed, expression):
    """How many allowed terms match, up to MAX_RESULTS: keys starting with the query (a word's
    start need not be a prefix of the stem the text index keeps) with the words in the names or
    the text. Each side stops at MAX_RESULTS, so the union stays small."""
    key_condition, key_params = starting_with(query, inclusive=True)
    names_sql = (
        f"SELECT s.term_id AS id FROM glossary_searchname s JOIN ({allowed.sql}) AS allowed "
        f"ON allowed.pk = s.term_id WHERE {key_condition} LIMIT {MAX_RESULTS}"
    )
    if connection.vendor == "sqlite":
        text_sql = (
            f"SELECT {FTS_TABLE}.rowid AS id FROM {FTS_TABLE} JOIN ({allowed.sql}) AS allowed "
            f"ON allowed.pk = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT {MAX_RESULTS}"
        )
        # both columns: with no column filter, half the time
        enough = {"by_text": (text_sql, allowed.params + [expression.fts5])}
    else:
        # The names alone first: a word in over MAX_RESULTS names is counted without gathering
        # its matches in the text (4.1 to 2 ms for "variance" at 100,000 terms).
        in_names = f"search_names_vector @@ {expression.tsquery}"
        in_either = f"{in_names} OR search_text_vector @@ {expression.tsquery}"
        enough = {
            "by_words": first_matches(allowed, in_names, expression.params),
            "by_text": first_matches(allowed, in_either, expression.params * 2),
        }
    # Counting the text's matches alone answers most common queries (0.6 ms at 100,000 terms);
    # only a smaller count needs the union, which both databases evaluate only then, reading
    # the text's matches once.
    names_or_text = f"SELECT * FROM ({names_sql}) AS by_name UNION SELECT id FROM by_text"
    union_count = f"SELECT count(*) FROM ({names_or_text}) AS matches"
    ctes = ", ".join(f"{name} AS MATERIALIZED ({sql})" for name, (sql, _) in enough.items())
    cases = " ".join(
        f"WHEN (SELECT count(*) FROM {name}) >= {MAX_RESULTS} THEN {MAX_RESULTS}" for name in enough
    )
    sql = f"WITH {ctes} SELECT CASE {cases} ELSE ({union_count}) END"
    return sql, [param for _, params in enough.values() for param in params] + allowed.params + key_params


def first_matches(allowed, vector_condition, params):
    """PostgreSQL: the ids of the first MAX_RESULTS allowed terms whose vectors match, as SQL."""
    return postgres_matching(allowed, (f"{TERM_ID} AS id", []), vector_condition, params, MAX_RESULTS)


def rows_of(sql, params):
    """The rows a statement gives; of a message of several statements, the first that gives any."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while cursor.description is None and cursor.nextset():
            pass
        return cursor.fetchall()


# PostgreSQL's planner takes testing a term's vectors for cheap, and a text's vector is stored
# apart (TOAST) once the text is long. So it read the count's matches by scanning the terms
# table until MAX_RESULTS matched, testing both vectors of each row: 10.7 ms for "inv" at
# 100,000 terms, 5.9 ms through the GIN indexes. At 3,000 terms of the demo's long texts it
# walked the index of statuses, testing every row, for the count and the text's tier: 10.1 and
# 8.9 ms for "requirements", 1.8 and 2.7 ms with the GIN bitmaps. So the count and the full-text
# tiers are planned with sequential and plain index scans priced out, for that statement only:
# sent as one message, the statements run as one implicit transaction, which ends the settings;
# inside an open transaction the last SETs end them (one captured query either way). The name
# tiers keep plain index scans: they read keys in index order and stop at the page's limit.
PRICED_OUT_SCANS = (
    "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; {}; "
    "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT"
)


def priced_out(sql):
    """The statement with PRICED_OUT_SCANS around it, on PostgreSQL."""
    return PRICED_OUT_SCANS.format(sql) if connection.vendor == "postgresql" else sql


def counted(sql, params):
    """The one number a count statement gives."""
    return rows_of(priced_out(sql), params)[0][0]


class Ranking:
    """The allowed terms matching a normalized query, best first, read only as far as asked."""

    def __init__(self, queryset, query, allowed=None):
        self.allowed = allowed or allowed_ids(queryset)
        self.query = query
        self.ids = []
        self.complete = False  # every tier read to its end

    @cached_property
    def count(self):
        if not self.query:
            return 0
        return min(MAX_RESULTS, counted(*count_sql(self.query, self.allowed, self.expressions[-1])))

    @cached_property
    def expressions(self):
        tokens = tokens_of(self.query)
        return text_expressions(tokens, prefix_words(tokens))

    def first(self, wanted):
        """The ids of the best `wanted` matches (at most the count: no tier is read for more)."""
        wanted = min(wanted, self.count)
        if len(self.ids) < wanted and not self.complete:
            self.ids, self.complete = self.read(wanted)
        return self.ids[:wanted]

    def read(self, wanted):
        """The best `wanted` ids, and whether there are no more. Each statement reads up to
        `wanted` plus the ids already found: its rows are all allowed, so a tier that fills this
        limit brings enough new ids, and the ids before the limit cut in are in their order."""
        ids = []
        for statement in tier_statements(self.query, self.allowed, self.expressions):
            rows = sorted(rows_of(*statement(min(MAX_RESULTS, wanted + len(ids)))))
            ids = list(dict.fromkeys(ids + [row[2] for row in rows]))
            if len(ids) >= wanted:
                return ids[:wanted], False
        return ids, True


class Fixed:
    """A ranking already known in full (PostgreSQL's lookalike names)."""

    def __init__(self, ids):
        self.ids, self.count = ids, len(ids)

    def first(self, wanted):
        return self.ids[:wanted]


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


def only_in(queryset, candidates):
    """The candidates (in order) that `queryset` allows, e.g. published terms only."""
    allowed = set(
        queryset.filter(pk__in=candidates).order_by().values_list("pk", flat=True)
    )  # a set: unsorted
    return [pk for pk in candidates if pk in allowed]


# Typos -------------------------------------------------------------------------------------


def vocabulary():
    """Every word (3+ letters) of every published name and label, cached until the index changes.
    Each process keeps its copy for the content version: a change to the index bumps it."""
    return kept_vocabulary.get(current_version(), cached_vocabulary)


kept_vocabulary = KeptValue()


def forget_vocabulary():
    """Now, and again at the commit: a search in between may have read the names not yet changed."""
    kept_vocabulary.forget()
    cache.delete(VOCABULARY_CACHE_KEY)
    transaction.on_commit(partial(cache.delete, VOCABULARY_CACHE_KEY))


def cached_vocabulary():
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        names = Term.objects.published().values_list("search_names", flat=True)
        words = {word for text in names.iterator(chunk_size=5000) for word in text.split()}
        words = sorted(word for word in words if len(word) >= 3 and not word.isdigit())
        cache.set(VOCABULARY_CACHE_KEY, words, timeout=3600)
    return words


def closest_word(token, words):
    """The known word most like `token` (at least 75 % alike), or ''. RapidFuzz compares the
    token with 6,600 words in 0.3 ms where difflib took 4 ms (100,000 terms)."""
    match = process.extractOne(token, words, scorer=fuzz.ratio, score_cutoff=75)
    return match[0] if match else ""


def is_known(word, words):
    """Whether the sorted word list holds the word (a set of it took longer to build than to use)."""
    position = bisect_left(words, word)
    return position < len(words) and words[position] == word


def corrected(query):
    """The query with each unknown word replaced by the closest known one ('' when none is)."""
    words = vocabulary()
    fixed = [
        token
        if is_known(token, words) or len(token) < 3 or token.isdigit()
        else closest_word(token, words) or token
        for token in tokens_of(query)
    ]
    correction = " ".join(fixed)
    return correction if correction != query else ""


# Results -----------------------------------------------------------------------------------


@dataclass
class RankedTerms:
    """Terms in rank order, fetched one page at a time (works with Django's Paginator)."""

    queryset: object
    ranking: object
    query: str = ""
    tokens: list = field(default_factory=list)
    correction: str = ""
    lookalike: bool = False  # names only like the query (PostgreSQL's trigrams), no real match
    loaded: dict = field(default_factory=dict)  # the terms of the page read last, by id
    load: object = None  # ids to terms (e.g. `TermQuerySet.result_cards`), else the queryset's instances

    @property
    def own_results(self):
        """Terms found for the words as typed, not for a typo fix or a name that merely looks alike."""
        return bool(self.ranking.count) and not (self.correction or self.lookalike)

    def __len__(self):
        return self.ranking.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        reads_to_an_end = index.stop is None or index.stop < 0 or (index.start or 0) < 0
        ids = self.ranking.first(MAX_RESULTS if reads_to_an_end else index.stop)[index]
        terms = self.load(ids) if self.load else self.queryset.filter(pk__in=ids)
        self.loaded = {term.pk: term for term in terms}
        return [self.loaded[pk] for pk in ids if pk in self.loaded]

    def __iter__(self):
        return iter(self[:])

    @cached_property
    def best_name(self):
        """The name of the top result, for "Did you mean ...?": from the page shown if it holds
        the top result, else one query."""
        best = self.ranking.first(1)
        if not best:
            return ""
        if best[0] in self.loaded:
            return self.loaded[best[0]].name
        return self.queryset.model.objects.values_list("name", flat=True).get(pk=best[0])


def ranked_terms(queryset, text, load=None):
    query = clean_query(text)
    ranking, correction = Ranking(queryset, query), ""
    if query and not ranking.count:
        correction = corrected(query)
        fixed = Ranking(queryset, correction, ranking.allowed) if correction else None
        ranking, correction = (fixed, correction) if fixed and fixed.count else (ranking, "")
    lookalike = not ranking.count and bool(query) and connection.vendor == "postgresql"
    if lookalike:
        ranking = Fixed(only_in(queryset, postgres_similar(query)))
    tokens = tokens_of(correction or query)
    return RankedTerms(queryset, ranking, query, tokens, correction, lookalike, load=load)
