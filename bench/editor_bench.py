"""What an editor waits for in the admin at 100,000 terms: a save, a new label, a rename, publishing
50 selected terms, and `relink_terms` over every term.

    make bench-editor            # or: .venv/bin/python bench/editor_bench.py --size 100000

The data set is `make bench`'s (demo content plus synthetic terms, kept in bench/data/), copied so
that the run changes nothing kept. Django's test client in one process, logged in as a superuser,
posts the term's change form as the browser would send it (every field and inline as the page
shows them), with DEBUG off and the page cache off. Prints p50/p95 per action and each goal as met
or missed, and how long the background worker then takes over the texts that mention the
published terms (the editor does not wait for it). Not part of the test suite.
"""

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SAVE_P95_MS = 300  # a save, a new label, a rename
GOAL_PUBLISH_50_S = 2.0
GOAL_RELINK_S = 60.0
SEED = 9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20, help="Terms saved per action.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from datasets import dataset
    from search_bench import setup_django

    work = Path(tempfile.mkdtemp(prefix="editor-bench-"))
    try:
        shutil.copyfile(dataset(args.size), work / "bench.sqlite3")
        setup_django("sqlite", work)
        report(args.size, measure(args.repeats))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(repeats):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from glossary.models import Term

    client = Client()
    client.force_login(User.objects.create_superuser("bench-editor", "bench@example.com", "unused"))
    rng = random.Random(SEED)
    ids = list(Term.objects.published().values_list("pk", flat=True))
    picked = rng.sample(ids, repeats * 3 + 50)
    results = {
        "save a term": [save(client, pk) for pk in picked[:repeats]],
        "add a label": [save(client, pk, add_label=True) for pk in picked[repeats : 2 * repeats]],
        "rename a term": [save(client, pk, rename=True) for pk in picked[2 * repeats : 3 * repeats]],
    }
    selected = picked[3 * repeats :]
    action(client, "unpublish", selected)
    results["publish 50 selected terms"] = [action(client, "publish", selected)]
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    results["then the worker relinks their mentions"] = [time.perf_counter() - started]
    started = time.perf_counter()
    call_command("relink_terms", stdout=io.StringIO())
    results["relink_terms, every term"] = [time.perf_counter() - started]
    return results


def save(client, pk, add_label=False, rename=False):
    """Seconds to post the term's change form as its page shows it, with one change at most."""
    url = f"/admin/glossary/term/{pk}/change/"
    data = FormFields.of(client.get(url).content.decode(), "term_form")
    if add_label:
        row = int(data["labels-INITIAL_FORMS"])  # the first empty row the page offers
        data[f"labels-{row}-label"] = f"Bench label {pk}"
    if rename:
        data["name"] = f"{data['name']} renamed"
    started = time.perf_counter()
    response = client.post(url, data)
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"The change form of term {pk} was refused ({response.status_code}).")
    return elapsed


def action(client, name, ids):
    started = time.perf_counter()
    response = client.post("/admin/glossary/term/", {"action": name, "_selected_action": ids})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"The {name} action was refused ({response.status_code}).")
    return elapsed


class FormFields(HTMLParser):
    """The fields a browser submits from one form of a page (no button pressed)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select, self.textarea = None, None

    @classmethod
    def of(cls, html, form_id):
        parser = cls(form_id)
        parser.feed(html)
        return {name: value for name, value in parser.fields.items() if "__prefix__" not in name}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif tag == "option" and self.select and "selected" in attrs:
            self.choose(self.select, attrs.get("value", ""))
        elif not self.inside or "name" not in attrs:
            return
        elif tag == "input":
            self.input(attrs)
        elif tag == "select":
            self.select = attrs["name"]
            if "multiple" in attrs:
                self.fields.setdefault(self.select, [])
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def input(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "image", "file", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.choose(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))

    def choose(self, name, value):
        if isinstance(self.fields.get(name), list):
            self.fields[name].append(value)
        else:
            self.fields[name] = value

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea and self.fields[self.textarea].startswith("\n"):
                self.fields[self.textarea] = self.fields[self.textarea][1:]  # as browsers read it
            self.textarea = None


def report(size, results):
    print(f"\nEditor actions at {size:,} terms (SQLite, Django's test client, DEBUG off):\n")
    print("| action | runs | p50 | p95 | goal | |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, times in results.items():
        goal, value = goal_of(name), p95(times)
        verdict = "" if goal is None else "met" if value <= goal else "missed"
        median, goal = shown(statistics.median(times)), "" if goal is None else shown(goal)
        print(f"| {name} | {len(times)} | {median} | {shown(value)} | {goal} | {verdict} |")


def goal_of(name):
    if name.startswith("then"):
        return None  # the editor does not wait for it
    if name.startswith("publish"):
        return GOAL_PUBLISH_50_S
    if name.startswith("relink"):
        return GOAL_RELINK_S
    return GOAL_SAVE_P95_MS / 1000


def p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def shown(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


if __name__ == "__main__":
    main()
