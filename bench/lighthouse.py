"""`make lighthouse`: Lighthouse scores of the key pages, mobile and desktop, in production mode.

The site runs as it does in production, on loopback, with the demo content: Granian as deploy/
runs it, DEBUG off, whitenoise's hashed and compressed static files and the page cache on, behind
deploy/nginx.conf (static and media files, gzip, the micro-cache). Lighthouse is
pinned in tools/lighthouse/package-lock.json and drives Debian's Chromium (CHROME_PATH). Each
page is measured LIGHTHOUSE_RUNS times a preset (default 3) and the run with the median
performance score is kept, since that score moves with the load of a shared machine. It prints a
table, writes bench/LIGHTHOUSE.md and keeps the JSON reports in bench/tmp/lighthouse/. It exits
non-zero when a score is under the goal (95). Every process it starts, it stops.

Paths (or page names) and --preset measure only those again, e.g. after a run disturbed by load:
`bench/lighthouse.py /ciop/quote/ --preset mobile`; their rows replace the same rows of the last
full run (kept in bench/tmp/lighthouse/rows.json) and the table is written again.
"""

import argparse
import json
import os
import shutil
import subprocess
from pathlib import Path

from datasets import dataset
from run import ADOPTED, app_server, collectstatic, micro_cache_config, nginx, production_env

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = BENCH / "tmp" / "lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# Lighthouse now and then fails to record a page load's trace ("NO_NAVSTART ... Please run Lighthouse
# again": the 16th of a run's runs, on /ciop/quote/): each run is tried up to this many times in all.
ATTEMPTS = 3
GOAL = 95
PAGES = {
    "home": "/",
    "View All": "/terms/",
    "term (backflush)": "/terms/backflush/",
    "search results": "/search/?q=inventory",
    "CIOP program": "/ciop/",
    "quote form": "/ciop/quote/",
}
PRESETS = ["mobile", "desktop"]
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


def main():
    pages, presets = chosen(arguments())
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not (chrome and LIGHTHOUSE.exists()):
        raise SystemExit("needs Chromium and tools/lighthouse (run `make lighthouse`, which installs both)")
    REPORTS.mkdir(parents=True, exist_ok=True)
    collectstatic()
    database = dataset(0)  # the demo content alone
    measured = []
    with (
        app_server(ADOPTED, production_env(database)) as app,
        nginx(micro_cache_config(app, REPORTS), REPORTS) as base,
    ):
        for preset in presets:
            for page, path in pages.items():
                measured.append(measure(chrome, base, page, path, preset))
                print(render_row(measured[-1]), flush=True)
    rows = merged(measured)
    report = render_report(rows)
    (BENCH / "LIGHTHOUSE.md").write_text(report)
    print(report)
    misses = [row for row in rows if min(row["scores"].values()) < GOAL]
    if misses:
        raise SystemExit(f"{len(misses)} of {len(rows)} measurements score under {GOAL}")


def arguments():
    parser = argparse.ArgumentParser(description="Lighthouse scores of the key pages.")
    parser.add_argument("pages", nargs="*", help="paths or page names to measure again (default: all)")
    parser.add_argument("--preset", choices=PRESETS, action="append", help="only this preset (repeatable)")
    return parser.parse_args()


def chosen(args):
    """The pages and presets to measure: all of them, or those named on the command line."""
    unknown = [name for name in args.pages if name not in PAGES and name not in PAGES.values()]
    if unknown:
        raise SystemExit(f"unknown page {', '.join(unknown)}: choose from {', '.join(PAGES.values())}")
    pages = {page: path for page, path in PAGES.items() if not args.pages or {page, path} & set(args.pages)}
    return pages, args.preset or PRESETS


def merged(measured):
    """Every row of the table: the rows measured now, in place of the same rows of the last run."""
    saved = REPORTS / "rows.json"
    rows = (
        {(row["preset"], row["path"]): row for row in json.loads(saved.read_text())} if saved.exists() else {}
    )
    rows.update({(row["preset"], row["path"]): row for row in measured})
    order = [(preset, path) for preset in PRESETS for path in PAGES.values()]
    rows = [rows[key] for key in order if key in rows]
    saved.write_text(json.dumps(rows, indent=1))
    return rows


def measure(chrome, base, page, path, preset):
    """The run with the median performance score of RUNS Lighthouse runs of one page."""
    runs = [lighthouse(chrome, base + path, preset, index) for index in range(RUNS)]
    runs.sort(key=lambda run: run["scores"]["performance"])
    kept = runs[len(runs) // 2]
    spread = [run["scores"]["performance"] for run in runs]
    return {"page": page, "path": path, "preset": preset, **kept, "performance_runs": spread}


def lighthouse(chrome, url, preset, index):
    slug = "".join(c if c.isalnum() else "-" for c in url.split("//", 1)[1].split("/", 1)[1]).strip("-")
    output = REPORTS / f"{slug or 'home'}-{preset}-{index}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    for _ in range(ATTEMPTS):
        if subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, timeout=300).returncode == 0:
            break
    else:
        raise SystemExit(f"Lighthouse failed {ATTEMPTS} times in a row on {url}")
    result = json.loads(output.read_text())
    scores = {key: round(100 * result["categories"][key]["score"]) for key in CATEGORIES}
    return {
        "scores": scores,
        "failed": failed_audits(result),
        "report": output.name,
    }


def failed_audits(result):
    """The scored audits a page did not fully pass, as "category: audit id"."""
    failed = []
    for key in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            score = result["audits"][ref["id"]]["score"]
            if ref["weight"] and score is not None and score < 1:
                failed.append(f"{key}: {ref['id']}")
    return failed


def render_row(row):
    scores = " | ".join(str(row["scores"][key]) for key in CATEGORIES)
    return f"| {row['page']} | `{row['path']}` | {row['preset']} | {scores} |"


def render_report(rows):
    lines = [
        f"Lighthouse {lighthouse_version()} with Chromium, production settings, demo content; "
        f"the median of {RUNS} run{'s' if RUNS != 1 else ''} by performance score. Goal: {GOAL} or more.",
        "",
        "| page | path | preset | " + " | ".join(CATEGORIES.values()) + " |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " |",
        *(render_row(row) for row in rows),
        "",
    ]
    lowest = {name: min(row["scores"][key] for row in rows) for key, name in CATEGORIES.items()}
    lowest = ", ".join(f"{name} {score}" for name, score in lowest.items())
    lines.append(f"Lowest: {lowest}.")
    spreads = [max(row["performance_runs"]) - min(row["performance_runs"]) for row in rows]
    if RUNS > 1:
        lines += ["", f"Performance varied by up to {max(spreads)} points between runs of one page."]
    failed = sorted({audit for row in rows for audit in row["failed"]})
    if failed:
        lines += ["", "Audits not fully passed somewhere: " + ", ".join(failed) + "."]
    return "\n".join(lines) + "\n"


def lighthouse_version():
    package = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"]


if __name__ == "__main__":
    main()
