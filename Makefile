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
# Without either they are left out with one loud line; REQUIRE_BROWSER_TESTS=1 (CI) makes that a failure.
CHROMIUM ?= /usr/bin/chromium
AXE_STAMP := node_modules/.package-lock.json
# Playwright's sync API runs an event loop in the tests' thread; the ORM must be told that is safe there.
TEST_ENV := DJANGO_ALLOW_ASYNC_UNSAFE=true CHROMIUM=$(CHROMIUM)

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate load fixtures check-fixtures test test-sqlite test-postgres test-browser browser-deps check check-static lint typecheck coverage constraints bench clean

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# constraints.txt pins every package to the version CI tested (`make constraints` rewrites it).
$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON_BOOTSTRAP)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	test -x $(PY) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]" -c constraints.txt
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project and its tools (versions from constraints.txt)

constraints: ## after changing dependencies in pyproject.toml: re-pin constraints.txt from a fresh venv
	rm -rf .venv-constraints
	$(PYTHON_BOOTSTRAP) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Every package's version as tested in CI; written by 'make constraints', used by 'make install'."; \
	  .venv-constraints/bin/python -m pip freeze --exclude-editable; } > constraints.txt
	rm -rf .venv-constraints

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

test: test-sqlite ## run the whole suite on SQLite (and PostgreSQL with POSTGRES=1); without Chromium, browser tests skipped loudly
	@if [ -n "$$POSTGRES" ]; then $(MAKE) --no-print-directory test-postgres; fi

# COVERAGE=1 measures branch coverage and fails below the floor ([tool.coverage.report] fail_under).
test-sqlite: install browser-deps
	env -u DATABASE_URL $(TEST_ENV) $(PY) -m pytest $(if $(COVERAGE),--cov --cov-report=term-missing:skip-covered) $(PYTEST_ARGS)

test-postgres: install browser-deps ## run the whole suite on PostgreSQL ($(POSTGRES_URL))
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-browser: install browser-deps ## run only the browser tests, failing if Chromium or axe-core is missing (screenshots in test-artifacts/)
	env -u DATABASE_URL $(TEST_ENV) REQUIRE_BROWSER_TESTS=1 $(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

$(AXE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

# npm is needed only when the browser tests can run: not with SKIP_BROWSER_TESTS=1, nor without Chromium.
# Without them, pytest says so in one line at the end of the run (tests/browser/conftest.py).
browser-deps: ## axe-core from npm (pinned in package-lock.json), when Chromium and Node.js are installed
	@if [ "$$SKIP_BROWSER_TESTS" = 1 ] && [ "$$REQUIRE_BROWSER_TESTS" != 1 ]; then exit 0; fi; \
	if [ -x "$(CHROMIUM)" ] && command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE_STAMP); fi

check: check-static coverage ## what CI checks: ruff, mypy, migrations, fixtures, system checks, then the suite on SQLite with branch coverage

check-static: install lint typecheck ## the checks that run no test: ruff, mypy, migrations, fixtures, system checks
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py ingest --check
	$(PY) manage.py check

lint: install ## ruff: formatting and lint rules (pyproject.toml)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: install ## mypy on the pure modules ([tool.mypy] files in pyproject.toml)
	$(VENV)/bin/mypy

coverage: ## the suite on SQLite with branch coverage; fails below the floor ([tool.coverage.report] fail_under)
	$(MAKE) --no-print-directory test-sqlite COVERAGE=1

bench: install ## run the benchmarks in bench/ (figures go in docs/performance.md)
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis node_modules test-artifacts .coverage .mypy_cache .ruff_cache
