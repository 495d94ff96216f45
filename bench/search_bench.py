"""Search latency at 3,000 and 100,000 terms on a throwaway SQLite database.

    make bench-search            # or: .venv/bin/python bench/search_bench.py --sizes 3000 100000

Times `Term.objects.published().search(q)` plus fetching the first page of 20 results (what
/search/ does) for a mix of queries: exact names, abbreviation-like words, prefixes, several
words, typos and queries that match nothing. Prints p50/p95 per size. Not part of the test suite.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 30


def setup_django(database):
    sys.path.insert(0, str(ROOT))
    os.environ["SQLITE_PATH"] = database
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "termiknowledge.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def typo(word, rng):
    if len(word) < 5:
        return word
    cut = rng.randrange(1, len(word) - 1)
    return word[:cut] + word[cut + 1 :]


def queries(rng, count):
    from glossary.models import Term

    names = list(Term.objects.values_list("name", flat=True).order_by("?")[:count])
    mix = []
    for name in names:
        words = name.split()
        mix += [name, name[:4], " ".join(words[:2]), typo(words[1], rng), words[-1]]
    return mix + ["stock", "planning", "inventory policy", "zzzz qqqq", '"; DROP TABLE', "S&OP"]


def time_search(query):
    from glossary.models import Term

    started = time.perf_counter()
    results = Term.objects.published().prefetch_related("topics").search(query)
    list(results[:20])
    return (time.perf_counter() - started) * 1000


def measure(size, rng, sample):
    mix = queries(rng, sample)
    for query in mix[:20]:  # warm caches (vocabulary, SQLite pages)
        time_search(query)
    timings = sorted(time_search(query) for query in mix)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "ok" if p95 < GOAL_P95_MS else f"ABOVE the {GOAL_P95_MS} ms goal"
    print(
        f"{size:>7} terms: {len(timings)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms ({verdict})"
    )
    return p50, p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 100_000])
    parser.add_argument("--sample", type=int, default=60, help="Names sampled per size (5 queries each).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as directory:
        setup_django(str(Path(directory) / "bench.sqlite3"))
        from glossary.models import Term
        from glossary.synthetic import make_synthetic_terms

        rng = random.Random(42)
        for size in sorted(args.sizes):
            started = time.perf_counter()
            make_synthetic_terms(size - Term.objects.count(), seed=size)
            print(f"{size:>7} terms: created in {time.perf_counter() - started:.0f} s")
            measure(size, rng, args.sample)


if __name__ == "__main__":
    main()
