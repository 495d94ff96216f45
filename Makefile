# TermiKnowledge: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install install-dev system-deps screenshots bench bench-servers bench-search bench-editor lighthouse

$(PY):
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: installing python3-venv"; \
		apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@scripts/system-deps.sh fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --with-users
	@echo "Serving http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/) with its background worker. Stop with Ctrl+C."
	@$(PY) manage.py db_worker --interval 1 --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# Ruff, then the layers (import-linter, contract in pyproject.toml): each app imports only those below it.
lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Debian packages for the quote PDF's fonts and the browser, HTML-checker and PostgreSQL parts
# (installed as root when missing).
system-deps:
	@scripts/system-deps.sh

# Two passes of the whole suite: SQLite (with the Chromium journeys, axe-core and the Nu HTML
# checker), then PostgreSQL on a throwaway server the script starts and removes, with a throwaway
# Redis beside it for the two-node test (TEST_REDIS_URL: the rest of the suite keeps its own cache).
# pytest-xdist runs one worker per core, each on its own test database; a module's tests stay on one
# worker, so a module that loads the demo glossary loads it once.
PYTEST_PARALLEL ?= -n auto --dist loadscope
test: lint system-deps
	$(PY) manage.py makemigrations --check --dry-run
	@echo "== Pass 1 of 2: SQLite, browser tests included"
	$(PY) -m pytest $(PYTEST_PARALLEL)
	@echo "== Pass 2 of 2: PostgreSQL and Redis (browser tests ran in pass 1)"
	scripts/with-postgres.sh scripts/with-redis.sh --as TEST_REDIS_URL $(PY) -m pytest $(PYTEST_PARALLEL) -m "not browser"

# Desktop (1280 px) and phone (390 px) screenshots of the key pages, and of a preview card and
# search suggestions open.
screenshots: install-dev system-deps
	SCREENSHOTS_DIR=bench/screenshots $(PY) -m pytest tests/browser/test_pages.py -k screenshots

# Loopback benchmark, about 13 minutes, not part of `make test`: README, "Performance".
bench: install
	@command -v nginx >/dev/null && command -v wrk >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq nginx-light wrk; }
	@mkdir -p bench/tmp
	$(PY) bench/run.py

# Only the app servers part of `make bench` (about 3 minutes): gunicorn sync and gthread, Granian.
bench-servers: install
	@command -v nginx >/dev/null && command -v wrk >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq nginx-light wrk; }
	@mkdir -p bench/tmp
	$(PY) bench/run.py --only servers

# Search and suggest latency p50/p95 at 3,000 and 100,000 terms on SQLite and on a throwaway
# PostgreSQL, side by side (data sets kept in bench/data/; not part of `make test`). Goals:
# search() p95 under 30 ms on SQLite, PostgreSQL's p95 within 1.5x of SQLite's at 100,000 terms.
bench-search: install-dev
	$(PY) bench/search_bench.py --sizes 3000 100000

# What an editor waits for in the admin at 100,000 terms (a save, a new label, a rename, publishing
# 50 terms, relink_terms): p50/p95 against the goals, on a copy of make bench's data set.
bench-editor: install
	$(PY) bench/editor_bench.py --size 100000

# Lighthouse (pinned in tools/lighthouse) on the key pages, mobile and desktop, against Granian
# in production mode behind deploy/nginx.conf with the demo content; prints the table (README,
# "Performance"). Node, npm and nginx come from Debian when missing. About 15 minutes; not part
# of `make test`. Measure some pages again: make lighthouse LIGHTHOUSE_ARGS="/ciop/quote/ --preset mobile".
lighthouse: install system-deps
	@command -v npm >/dev/null && command -v nginx >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq nodejs npm nginx-light; }
	npm ci --prefix tools/lighthouse --no-audit --no-fund --silent
	CHROME_PATH=$${CHROME_PATH:-$$(command -v chromium)} $(PY) bench/lighthouse.py $(LIGHTHOUSE_ARGS)
