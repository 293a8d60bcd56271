# Carers Commissioning — `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= full
# Two pytest-xdist workers (each with its own test database; fault tests use private services on
# free ports, so they run safely side by side). PYTEST_ARGS= runs the suite in one process.
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z][a-z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

setup: $(VENV)/.installed node_modules/.installed static/build/app.css ## Install Python and npm packages, build and collect static files
	@$(PY) manage.py collectstatic --noinput -v0

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: node_modules/.installed $(wildcard frontend/scss/*.scss)
	npm run --silent build 2>/dev/null

migrate: setup ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo data (one user per role; password DEMO_PASSWORD)
	$(PY) manage.py load_demo

run: demo ## Set everything up and serve on http://127.0.0.1:8000
	@echo "Sign in as commissioner, csc, finance, broker or admin with password $${DEMO_PASSWORD:-carers-demo-2026}"
	$(PY) manage.py runserver $(HOST):$(PORT)

system-packages: ## Debian packages the tests need (Chromium for browser tests, docker-compose to check the compose file)
	@if ! command -v chromium >/dev/null || ! { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium docker-compose >/dev/null; \
		else echo "Install Debian's chromium and docker-compose (sudo apt-get install chromium docker-compose)"; fi; \
	fi

lint: setup ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: setup system-packages lint ## The whole suite (on PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The embedded default (SQLite, no Redis) as a newcomer's `make test` meets it, on the tests that
# run there and are quick: what needs PostgreSQL or Redis is skipped (marked), and the browser,
# fuzzing and fault tests, already run on PostgreSQL, are left to the main run to keep CI short.
EMBEDDED_MARKS ?= not postgres and not redis and not browser and not slow and not faults
# Modules whose every test is marked slow, so none of them run here: not even collected, since
# collecting the Schemathesis module builds every operation's cases (~15 s per xdist worker).
EMBEDDED_IGNORE ?= --ignore=tests/api/test_schemathesis.py
test-embedded: setup ## The quick tests on the embedded default (SQLite, no Redis), as `make test` runs there
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest $(PYTEST_ARGS) -m "$(EMBEDDED_MARKS)" $(EMBEDDED_IGNORE)

bench: setup ## The benchmark at scale (SCALE=small for 1%); prints ratios, writes bench/results.json
	$(PY) manage.py bench --scale $(SCALE)

backup: ## pg_dump the DATABASE_URL database to backups/ (BACKUP=path to choose the file)
	@mkdir -p backups
	pg_dump --format=custom --no-owner --file=$${BACKUP:-backups/carers-$$(date +%Y%m%d-%H%M%S).dump} "$$($(PY) manage.py dburl)"

restore: ## pg_restore BACKUP=path into the DATABASE_URL database (replaces its contents)
	@test -n "$(BACKUP)" || { echo "Say which file: make restore BACKUP=backups/....dump"; exit 2; }
	pg_restore --clean --if-exists --no-owner --dbname="$$($(PY) manage.py dburl)" "$(BACKUP)"
	$(PY) manage.py forget_cached

clean: ## Remove the virtual environment, node_modules and built files
	rm -rf $(VENV) node_modules static/build staticfiles

.PHONY: help setup migrate demo run system-packages lint format test test-embedded bench backup restore clean
