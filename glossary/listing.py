"""View All, each letter's list and each topic's, paged by stored ranges (derived data).

Counting the published terms, finding the letters in use and skipping to a later page read the
whole glossary on every visit: at 100,000 terms the home page took 300 ms and page 500 of View
All 1.6 s, against 2 ms for a term page. `refresh()` stores instead, for every list, how many
terms it holds and the sort key each page starts at (`Listing`, `ListingPage`); a page is then
the terms between two stored keys, read through the `sort_key` index (a topic's page: the ids
stored with it).

It runs in the background worker after each change to names, publication or topics
(`tasks.refresh_listings`, queued by glossary/derived.py), and after `migrate`. Until it has run,
a page still shows every term whose key falls in its range (a term published since appears on
the page that holds its key); only the counts, the letters in use and how evenly the pages are
filled wait for it.
"""

from itertools import groupby

from django.conf import settings
from django.db import connection, transaction
from django.utils.functional import cached_property

from .models import Listing, ListingPage, Term
from .pagination import NamedPaginator, name_range

STATISTICS_DRIFT = 0.25
MAX_PAGE_GROWTH = 3  # a page shows at most this many pages' worth of terms until the lists are refreshed


def refresh():
    """Count and page every list again (about 0.6 s at 100,000 terms, in the worker)."""
    published = Term.objects.published()
    terms = list(published.order_by("sort_key").values_list("first_letter", "sort_key", "name"))
    by_topic = (
        Term.topics.through.objects.filter(term__in=published.values("pk"))
        .order_by("topic_id", "term__sort_key")
        .values_list("topic_id", "term__sort_key", "term__name", "term_id")
    )
    lists = {("", None): [(key, name, None) for _, key, name in terms]}
    for letter, rows in groupby(terms, key=lambda row: row[0]):
        lists[(letter, None)] = [(key, name, None) for _, key, name in rows]
    for topic_id, rows in groupby(by_topic.iterator(chunk_size=5000), key=lambda row: row[0]):
        lists[("", topic_id)] = [(key, name, term_id) for _, key, name, term_id in rows]
    store(lists, settings.TERMS_PER_PAGE)
    update_planner_statistics()


def update_planner_statistics():
    """SQLite plans from statistics only ANALYZE gathers (PostgreSQL's autovacuum keeps its own):
    without them it read the 8 latest terms or a page's range through the index on status, about
    70 ms at 100,000 terms instead of 0.1 ms. ANALYZE takes about 80 ms at that size, so it runs
    when the number of terms has moved by a quarter since it last ran."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        counted = analysed_term_count(cursor)
        if counted is not None and abs(Term.objects.count() - counted) <= counted * STATISTICS_DRIFT:
            return
        cursor.execute("ANALYZE")


def analysed_term_count(cursor):
    """How many terms SQLite's statistics say there are, or None before ANALYZE first ran."""
    cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [Term._meta.db_table])
    row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def paginator_for(terms, letter="", topic=None):
    """The paginator of these terms (in A-Z order): by the stored listing of this letter or topic,
    or by counting, before the first refresh or for filters no listing stores."""
    listing = Listing.objects.of(letter, topic) if not (letter and topic) else None
    if listing is None:
        return NamedPaginator(terms, settings.TERMS_PER_PAGE)
    return ListingPaginator(listing, terms)


def store(lists, per_page):
    with transaction.atomic():
        ListingPage.objects.all().delete()  # first: deleting the listings then needs no cascade
        Listing.objects.all().delete()
        listings = Listing.objects.bulk_create(
            Listing(letter=letter, topic_id=topic_id, term_count=len(rows))
            for (letter, topic_id), rows in lists.items()
        )
        ListingPage.objects.bulk_create(
            (
                ListingPage(
                    listing=listing,
                    number=start // per_page + 1,
                    first_key=rows[start][0],
                    first_name=rows[start][1],
                    last_name=rows[min(start + per_page, len(rows)) - 1][1],
                    term_ids=[term_id for _, _, term_id in rows[start : start + per_page] if term_id],
                )
                for listing, rows in zip(listings, lists.values(), strict=True)
                for start in range(0, len(rows), per_page)
            ),
            batch_size=1000,
        )


class ListingPaginator(NamedPaginator):
    """Pages of a stored listing: its count and each page's range come from the last refresh.
    `object_list` is the list's queryset in A-Z order; a page reads only its own range of it."""

    def __init__(self, listing, object_list):
        super().__init__(object_list, settings.TERMS_PER_PAGE)
        self.listing = listing
        self.stored = {}

    @cached_property
    def count(self):
        return self.listing.term_count

    @cached_property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page(self.terms_on(number).cards(), number, self)

    def terms_on(self, number):
        """The page's terms: from its first key to the next page's (a letter's first and last
        pages end where its keys do, so that the index on the key reads only the page). A topic's
        terms are spread over the whole key, so its pages are the terms stored with them (about
        10 ms at 100,000 terms by a range, 0.3 ms by ids); a term filed under it since the last
        refresh waits for the next."""
        if self.listing.topic_id:
            page = self.read_pages({number}).get(number)
            return self.object_list.filter(pk__in=page.term_ids if page else [])
        pages, letter = self.read_pages({number, number + 1}), self.listing.letter
        low = pages[number].first_key if number > 1 and number in pages else letter
        high = pages[number + 1].first_key if number + 1 in pages else letter and chr(ord(letter) + 1)
        terms = self.object_list
        if low:
            terms = terms.filter(sort_key__gte=low)
        if high:
            terms = terms.filter(sort_key__lt=high)
        # Before the refresh after a large import, a range can hold thousands of new terms.
        return terms[: self.per_page * MAX_PAGE_GROWTH]

    def labels(self, numbers):
        """{page number: "Cab–Cyc"} for these pages, from the stored names."""
        pages = self.read_pages(numbers)
        return {number: name_range(pages[number].first_name, pages[number].last_name) for number in pages}

    def read_pages(self, numbers):
        """The stored pages with these numbers; the first call also reads the page links' pages
        (the first, the last, and two on each side), so a page costs one query for all of them."""
        missing = set(numbers) - set(self.stored)
        if missing:
            around = set(range(min(missing) - 2, max(missing) + 4)) | {1, self.num_pages}
            found = self.listing.pages.filter(number__in=missing | around)
            self.stored.update({page.number: page for page in found})
            self.stored.update({number: None for number in missing if number not in self.stored})
        return {number: self.stored[number] for number in numbers if self.stored.get(number)}
