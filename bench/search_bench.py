"""Search latency at 3,000 and 100,000 terms, on SQLite and on PostgreSQL, side by side.

    make bench-search            # or: .venv/bin/python bench/search_bench.py --sizes 3000 100000

Each data set is the demo content plus synthetic terms (`make_synthetic_terms`), built once and
kept in bench/data/ (an SQLite file, a pg_dump for PostgreSQL) until the migrations, the demo
content or the generator change. The SQLite pass runs on a copy of its file; the PostgreSQL pass
runs itself again under scripts/with-postgres.sh (a throwaway server), so it is skipped where no
PostgreSQL is installed.

Django's test client in one process, page cache off, templates and cursors as in production
(DEBUG off), times GET /search/?q= and /search/suggest/?q= for a mix of queries: exact names,
prefixes, several words, typos, one word and queries that match nothing (each query's fastest of
three runs). Then the public pages rendered afresh, each in three rounds just after term pages
at random slugs (the reference), as make bench judges them; "kept" compares shares of term
pages at the smallest data set's slugs, measured in the same rounds (see
page_goals.page_verdicts). Prints p50/p95 per size and database and whether PostgreSQL's p95 is
within 1.5x of SQLite's at the largest size. Not part of the test suite.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import page_goals
from page_goals import STEADY_PAGE, TERM_PAGE, goal, page_verdicts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
GOAL_SQLITE_P95_MS = 30
GOAL_POSTGRES_RATIO = 1.5
PAGE_REPEATS = 20
PAGE_ROUNDS = 3
REPEATS = 3  # each query's fastest of three: on a shared machine a slower run is the neighbors'
SEED = 9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 100_000])
    parser.add_argument("--sample", type=int, default=60, help="Names sampled per size (5 queries each).")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pass", dest="single", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        results = run_pass(args.single, args.sizes, args.sample)
        Path(args.out).write_text(json.dumps(results))
        return
    results = {vendor: run_child(vendor, args) for vendor in args.databases}
    report(results, args.sizes)


def run_child(vendor, args):
    """One pass in its own process (the PostgreSQL one on a throwaway server)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [
            sys.executable,
            __file__,
            "--pass",
            vendor,
            "--out",
            out.name,
            "--sample",
            str(args.sample),
        ]
        command += ["--sizes", *map(str, args.sizes)]
        if vendor == "postgresql":
            command = [str(ROOT / "scripts" / "with-postgres.sh"), *command]
        print(f"== {vendor} pass", flush=True)
        subprocess.run(command, cwd=ROOT, check=True)
        text = Path(out.name).read_text()
        return json.loads(text) if text else None  # empty: skipped (no PostgreSQL here)


# One pass -------------------------------------------------------------------------------


def setup_django(vendor, work):
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_DEBUG="1", DJANGO_LOG_LEVEL="WARNING", PAGE_CACHE_SECONDS="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "termiknowledge.settings")
    if vendor == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(work / "bench.sqlite3")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log, no template debugging: as in production


def run_pass(vendor, sizes, sample):
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        setup_django(vendor, work)
        results, steady_slugs = {}, None
        for size in sorted(sizes):
            load_data_set(vendor, size, work)
            results[size] = measure(size, sample, steady_slugs)
            steady_slugs = steady_slugs or results[size].pop("slugs")
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def snapshot_path(vendor, size):
    sys.path.insert(0, str(ROOT / "bench"))
    from datasets import fingerprint

    suffix = "sqlite3" if vendor == "sqlite" else "pgdump"
    return DATA / f"search-{size}-{fingerprint()}.{suffix}"


def load_data_set(vendor, size, work):
    from django.core.management import call_command
    from django.db import connection

    snapshot = snapshot_path(vendor, size)
    connection.close()
    if snapshot.exists():
        restore(vendor, snapshot, work)
        call_command("migrate", verbosity=0)  # migrations of installed packages may have come since
        analyze(vendor)
        return
    started = time.perf_counter()
    empty_database(vendor, work)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from glossary.models import Term
    from glossary.synthetic import make_synthetic_terms

    make_synthetic_terms(size - Term.objects.count(), seed=SEED)  # ends by refreshing the A-Z lists
    print(f"{size:>7} terms: built on {vendor} in {time.perf_counter() - started:.0f} s", flush=True)
    save_snapshot(vendor, snapshot, work)


def empty_database(vendor, work):
    if vendor == "sqlite":
        (work / "bench.sqlite3").unlink(missing_ok=True)
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()


def save_snapshot(vendor, snapshot, work):
    from django.db import connection

    DATA.mkdir(parents=True, exist_ok=True)
    for stale in DATA.glob(f"{snapshot.name.rsplit('-', 1)[0]}-*{snapshot.suffix}"):
        stale.unlink()
    partial = snapshot.with_suffix(".partial")
    connection.close()
    if vendor == "sqlite":
        with sqlite3.connect(work / "bench.sqlite3") as database:
            database.execute("VACUUM INTO ?", [str(partial)])
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        run_postgres_tool("pg_dump", "--format=custom", f"--file={partial}", os.environ["DATABASE_URL"])
    partial.rename(snapshot)


def restore(vendor, snapshot, work):
    if vendor == "sqlite":
        shutil.copyfile(snapshot, work / "bench.sqlite3")
        return
    empty_database(vendor, work)
    run_postgres_tool(
        "pg_restore", "--no-owner", "--jobs=2", f"--dbname={os.environ['DATABASE_URL']}", str(snapshot)
    )


def analyze(vendor):
    """Fresh planner statistics, as a database in service has (autovacuum would take a while)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_postgres_tool(name, *args):
    tools = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda path: int(path.parts[-3]))
    tool = str(tools[-1]) if tools else name
    subprocess.run([tool, *args], check=True)


# Measuring ------------------------------------------------------------------------------


def typo(word, rng):
    if len(word) < 5:
        return word
    cut = rng.randrange(1, len(word) - 1)
    return word[:cut] + word[cut + 1 :]


def queries(rng, count):
    from glossary.models import Term

    names = rng.sample(sorted(Term.objects.values_list("name", flat=True)), count)
    mix = []
    for name in names:
        words = name.split() * 2
        mix += [name, name[:4], " ".join(words[:2]), typo(words[1], rng), words[-1]]
    return mix + ["stock", "planning", "inventory policy", "zzzz qqqq", '"; DROP TABLE', "S&OP"]


def time_get(client, path, params=None):
    started = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, params, response.status_code)
    return elapsed


def time_search(client, query):
    """The search alone: its count and its first page of 20, as the search page reads them."""
    from glossary.models import Term

    started = time.perf_counter()
    public = Term.objects.published()
    results = public.search(query, load=public.result_cards)
    len(results)
    list(results[:20])
    return (time.perf_counter() - started) * 1000


TIMERS = {
    "search()": time_search,
    "/search/": lambda client, query: time_get(client, "/search/", {"q": query}),
    "/search/suggest/": lambda client, query: time_get(client, "/search/suggest/", {"q": query}),
}


def percentiles(timings):
    timings = sorted(timings)
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "n": len(timings),
    }


def measure(size, sample, steady_slugs=None):
    """Search timings and page rates of one data set; `steady_slugs`: the smallest data set's
    reference slugs (None at the smallest, whose result then carries its slugs)."""
    from django.test import Client

    client, rng = Client(), random.Random(SEED)
    mix = queries(rng, sample)
    results = {}
    for name, timer in TIMERS.items():
        for query in mix[:20]:  # warm caches (the vocabulary for typos, the database's pages)
            timer(client, query)
        fastest = [min(timer(client, query) for _ in range(REPEATS)) for query in mix]
        row = results[name] = percentiles(fastest)
        print(
            f"{size:>7} terms: {name:<17} {row['n']} queries, p50 {row['p50']:.1f}, p95 {row['p95']:.1f} ms"
        )
    slugs = reference_slugs(rng)
    results |= judge_pages(client, term_paths(slugs), steady_slugs and term_paths(published(steady_slugs)))
    if not steady_slugs:
        results["slugs"] = slugs
    results["load"] = os.getloadavg()[0]  # the machine may be shared: read ratios with this
    return results


def reference_slugs(rng):
    from glossary.models import Term

    return rng.sample(sorted(Term.objects.published().values_list("slug", flat=True)), PAGE_REPEATS)


def published(slugs):
    from glossary.models import Term

    return sorted(Term.objects.published().filter(slug__in=slugs).values_list("slug", flat=True))


def term_paths(slugs):
    return [f"/terms/{slug}/" for slug in slugs]


def judge_pages(client, reference, steady=None):
    """Each page of page_goals in PAGE_ROUNDS rounds, each just after the reference (term pages at
    `reference`) and the steady reference (the smallest data set's slugs; the reference itself
    there): the round with the median ratio is kept, as make bench keeps it. Measured once per
    size, the reference moved by a quarter between runs and every share with it."""
    judged = {"pages": {}, "references": {}, "steadies": {}}
    all_references, all_steadies = [], []
    for name, path in page_goals.pages().items():
        rounds = []
        for _ in range(PAGE_ROUNDS):
            before = rate_of(client, reference)
            beside = rate_of(client, steady) if steady else before
            rounds.append((rate_of(client, [path]) / before, before, beside))
            all_references.append(before)
            all_steadies.append(beside)
        ratio, before, beside = sorted(rounds)[PAGE_ROUNDS // 2]
        judged["pages"][name] = ratio * before
        judged["references"][name], judged["steadies"][name] = before, beside
    judged["pages"][TERM_PAGE] = statistics.median(all_references)
    if steady:
        judged["steady"] = statistics.median(all_steadies)
    return judged


def rate_of(client, paths):
    """Requests a second: the median of PAGE_REPEATS requests over these paths, after a warm-up."""
    for path in paths[:3]:
        client.get(path)
    timings = [time_get(client, paths[i % len(paths)]) for i in range(PAGE_REPEATS)]
    return 1000 / statistics.median(timings)


# Report -----------------------------------------------------------------------------------


def report(results, sizes):
    sqlite, postgres = results.get("sqlite"), results.get("postgresql")
    print("\n| terms | request | SQLite p50 / p95 ms | PostgreSQL p50 / p95 ms | p95 PostgreSQL / SQLite |")
    print("| ---: | --- | ---: | ---: | ---: |")
    verdicts = []
    for size in map(str, sorted(sizes)):
        for name in TIMERS:
            ratio = postgres[size][name]["p95"] / sqlite[size][name]["p95"] if sqlite and postgres else None
            cells = [cell(result, size, name) for result in (sqlite, postgres)]
            print(f"| {size} | {name} | {cells[0]} | {cells[1]} | {f'{ratio:.2f}x' if ratio else '-'} |")
            # The goal is the largest data set's (issue 17: "at 100,000 terms"). At 3,000 terms
            # SQLite answers in 4-5 ms, and PostgreSQL's fixed cost per statement (a round trip
            # and planning: 0.3-0.5 ms for the simplest of a search's 6-7) is most of its time.
            if ratio is not None and name != "search()" and size == str(max(sizes)):
                text = f"{size} terms: {name} p95 on PostgreSQL within {GOAL_POSTGRES_RATIO}x of SQLite's"
                verdicts.append(goal(text, ratio <= GOAL_POSTGRES_RATIO, f"{ratio:.2f}x"))
        if sqlite:
            p95 = sqlite[size]["search()"]["p95"]
            text = f"{size} terms: search() p95 on SQLite under {GOAL_SQLITE_P95_MS} ms"
            verdicts.append(goal(text, p95 < GOAL_SQLITE_P95_MS, f"{p95:.1f} ms"))
    report_pages(results, sizes, verdicts)
    for vendor, result in results.items():
        loads = (
            ", ".join(f"{result[size]['load']:.1f}" for size in map(str, sorted(sizes))) if result else "-"
        )
        print(f"\nLoad average (1 min) after each size, {vendor}: {loads}", end="")
    print("\n\n" + "\n".join(verdicts))


def cell(result, size, name):
    if not result:
        return "skipped"
    row = result[size][name]
    return f"{row['p50']:.1f} / {row['p95']:.1f}"


def report_pages(results, sizes, verdicts):
    print(
        "\nPages rendered afresh (each the median of 20 requests, in the median of three rounds), "
        "as a share of term pages at random slugs measured just before:\n"
    )
    print("| database | terms | page | req/s | share of term page |")
    print("| --- | ---: | --- | ---: | ---: |")
    for vendor, result in results.items():
        for size in map(str, sorted(sizes)) if result else []:
            rates, beside = result[size]["pages"], result[size]["references"]
            steady = {STEADY_PAGE: result[size]["steady"]} if "steady" in result[size] else {}
            for name, rate in (rates | steady).items():
                share = rate / beside.get(name, rates[TERM_PAGE])
                print(f"| {vendor} | {size} | {name} | {rate:,.0f} | {share:.0%} |")
        if result:
            keys = ("pages", "references", "steadies")
            rates, references, steadies = ({size: result[str(size)][key] for size in sizes} for key in keys)
            verdicts += page_verdicts(rates, prefix=f"{vendor}, ", references=references, steadies=steadies)


if __name__ == "__main__":
    main()
