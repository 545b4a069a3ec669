# One entry point for every task. `make help` lists them.
SHELL := /bin/bash
PYTHON_BOOTSTRAP ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# A local PostgreSQL with trust auth, as on the development machines and CI.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# The browser tests drive Debian's Chromium (never a downloaded one) and inject axe-core from npm.
CHROMIUM ?= /usr/bin/chromium
AXE_STAMP := node_modules/.package-lock.json
# Playwright's sync API runs an event loop in the tests' thread; the ORM must be told that is safe there.
TEST_ENV := DJANGO_ALLOW_ASYNC_UNSAFE=true CHROMIUM=$(CHROMIUM)

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate load fixtures check-fixtures test test-sqlite test-postgres test-browser browser-deps check bench clean

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -n "$(PYTHON_BOOTSTRAP)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	test -x $(PY) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project and its tools

migrate: install ## apply migrations to the configured database (SQLite by default)
	$(PY) manage.py migrate --noinput

load: migrate ## load the generated fixtures into the database (all or nothing)
	$(PY) manage.py load_fixtures

run: load ## serve the site with the fixture data on http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: install ## production server: gunicorn + whitenoise, settings from the environment (see README)
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_ENV=production $(PY) manage.py migrate --noinput
	DJANGO_ENV=production $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.conf.py

fixtures: install ## regenerate fixtures/*.json from fixtures/sources
	$(PY) manage.py ingest

check-fixtures: install ## fail if the committed fixtures are not what the sources give
	$(PY) manage.py ingest --check

test: test-sqlite ## run the whole suite (SQLite; PostgreSQL too when DATABASE_URL or POSTGRES=1)
	@if [ -n "$$POSTGRES" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite: install browser-deps
	env -u DATABASE_URL $(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install browser-deps ## run the whole suite on PostgreSQL ($(POSTGRES_URL))
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-browser: install browser-deps ## run only the browser tests (Chromium, axe-core; screenshots in test-artifacts/)
	env -u DATABASE_URL $(TEST_ENV) $(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

$(AXE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

browser-deps: $(AXE_STAMP) ## axe-core from npm (pinned in package-lock.json); check Chromium is installed
	@test -x $(CHROMIUM) || [ "$$SKIP_BROWSER_TESTS" = 1 ] || { \
	  echo "The browser tests need Chromium at $(CHROMIUM): apt-get install -y chromium (as root)."; \
	  echo "Set SKIP_BROWSER_TESTS=1 to skip them on this machine."; exit 1; }

check: install ## the fast checks CI also runs: migrations, fixtures, Django's system checks
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py ingest --check
	$(PY) manage.py check

bench: install ## run the benchmarks in bench/ (figures go in docs/performance.md)
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis node_modules test-artifacts
