"""Benchmark data sets: the demo content plus synthetic terms up to a size, kept in bench/data/.

A data set is rebuilt when the migrations, the demo content or the generator change (their
fingerprint is in the file name). The extra terms come from `manage.py make_synthetic_terms N`
(glossary/synthetic.py).
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def fingerprint():
    sources = [
        *ROOT.glob("*/migrations/*.py"),
        *ROOT.glob("*/demo/**/*.*"),
        *ROOT.glob("glossary/synthetic.py"),
    ]
    sources = sorted(path for path in sources if path.is_file())
    digest = hashlib.sha256()
    for source in sources:
        digest.update(str(source.relative_to(ROOT)).encode() + source.read_bytes())
    return digest.hexdigest()[:10]


def dataset(size):
    database = DATA / f"terms-{size}-{fingerprint()}.sqlite3"
    if not database.exists():
        build(size, database)
    else:  # migrations of installed packages (not in the fingerprint) may have come since
        manage(dataset_env(database), "migrate", "--noinput", "-v0")
    return database


def dataset_env(database):
    return {**os.environ, "SQLITE_PATH": str(database), "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "WARNING"}


def build(size, database):
    print(f"Building the {size}-term data set in {database.relative_to(ROOT)} ...", flush=True)
    DATA.mkdir(parents=True, exist_ok=True)
    partial = database.with_suffix(".partial")
    for stale in DATA.glob(f"terms-{size}-*"):
        stale.unlink()
    env = dataset_env(partial)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    missing = size - count_terms(env)
    if missing > 0:
        manage(env, "make_synthetic_terms", str(missing), "--seed", "9")
    manage(
        env, "db_worker", "--batch", "--no-startup-delay"
    )  # what the loader queued, as make run's worker does
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM')")
    partial.rename(database)


def manage(env, *args):
    """Run a management command quietly; returns the last line it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return (result.stdout.strip().splitlines() or [""])[-1]


def count_terms(env):
    return int(manage(env, "shell", "-c", "from glossary.models import Term; print(Term.objects.count())"))
