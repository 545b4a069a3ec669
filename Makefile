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

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate load fixtures check-fixtures test test-sqlite test-postgres check bench clean

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

check-serve: install ## production server: gunicorn + whitenoise, settings from the environment (see README)
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_ENV=production $(PY) manage.py migrate --noinput
	DJANGO_ENV=production $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.conf.py

fixtures: install ## fail if the committed fixtures are not what the sources give
	$(PY) manage.py ingest --check

test: test-sqlite ## run the whole suite (SQLite; PostgreSQL too when DATABASE_URL or POSTGRES=1)
	@if [ -n "$$POSTGRES" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install ## run the whole suite on PostgreSQL ($(POSTGRES_URL))
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(PY) -m pytest $(PYTEST_ARGS)

check: install ## the fast checks CI also runs: migrations, fixtures, Django's system checks
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py ingest --check
	$(PY) manage.py check

bench: install ## run the benchmarks in bench/ (figures go in docs/performance.md)
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis
