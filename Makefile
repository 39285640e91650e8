# Entry points people type. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-slow test-postgres test-mariadb setup-hooks lint format typecheck migrations-check check clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# A local .env for development: DEBUG on, SQLite, and a freshly generated secret.
.env:
	@$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(50)); print("DEBUG=True")' > .env
	@echo "wrote .env (DEBUG on, SQLite, generated SECRET_KEY)"

# Background tasks: a worker beside the server (the default), or, with TASKS_BACKEND=immediate,
# each task in the server right after its request commits. Ctrl+C stops both.
run: $(VENV)/.runtime .env
	$(BIN)/python manage.py migrate --no-input
	@if [ "$$($(BIN)/python manage.py tasks_mode)" = worker ]; then \
	  echo "Background tasks: a worker runs beside the server (manage.py db_worker; TASKS_BACKEND=immediate runs them in the server instead)"; \
	  $(BIN)/python manage.py db_worker --no-reload --worker-id "run-$$(hostname)-$(PORT)" & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
	  echo "Background tasks: run immediately in the server process (TASKS_BACKEND=immediate; no worker)"; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

# Browser tests read axe-core from node_modules/ (pinned in package-lock.json); without npm
# they skip with a reason, and `make screenshots` refreshes docs/screenshots/.
# `make test` leaves out the tests marked slow (each over a few seconds); `make test-slow` runs
# just those, and CI runs both. Both print how long they took. PYTEST_ARGS narrows a run.
PYTEST_ARGS ?=
timed = start=$$(date +%s); $(1); status=$$?; took=$$(( $$(date +%s) - start )); \
	echo "make $@ took $$(( took / 60 )) min $$(( took % 60 )) s"; exit $$status

test: $(VENV)/.dev node-tools
	@echo '$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)'
	@$(call timed,$(BIN)/pytest -m "not slow" $(PYTEST_ARGS))

test-slow: $(VENV)/.dev node-tools
	@echo '$(BIN)/pytest -m slow $(PYTEST_ARGS)'
	@$(call timed,$(BIN)/pytest -m slow $(PYTEST_ARGS))

.PHONY: node-tools
node-tools:
	@if command -v npm >/dev/null 2>&1 && [ ! -d node_modules/axe-core ]; then npm ci --silent --no-audit --no-fund; fi

# The suite on PostgreSQL or MariaDB, as CI's database legs run it, against a local server
# (the database named in the URL need not exist: pytest-django makes test_<name> beside it).
# --reuse-db keeps that test database between runs, so a run skips creating it and migrating
# from zero; new migrations are still applied. After editing or removing a migration, or
# switching to a branch whose migrations differ, add PYTEST_ARGS=--create-db once.
# CI passes --create-db: a clean database every run.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/cma_dev
MARIADB_URL  ?= mysql://root@127.0.0.1:3306/cma_dev

test-postgres: $(VENV)/.dev
	@$(call timed,DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest --reuse-db -m "not browser" $(PYTEST_ARGS))

test-mariadb: $(VENV)/.dev
	@$(call timed,DATABASE_URL=$(MARIADB_URL) $(BIN)/pytest --reuse-db -m "not browser" $(PYTEST_ARGS))

.PHONY: screenshots
screenshots: $(VENV)/.dev
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/browser/test_screenshots.py

# Every static check a change must pass: style, formatting, the import contracts between the
# layers (pyproject.toml), the types, and the templates' lint and layout (djLint).
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy .
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet --warn

# The same checks before each commit (.pre-commit-config.yaml).
setup-hooks: $(VENV)/.dev
	$(BIN)/pre-commit install

typecheck: $(VENV)/.dev
	$(BIN)/mypy .

migrations-check: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=CustomerManagementApp.test_settings $(BIN)/python manage.py makemigrations --check --dry-run

check: lint migrations-check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache staticfiles

# Benchmarks are manual, never part of CI (docs/PERFORMANCE.md). They need wrk: `apt-get install -y wrk`.
# make bench BENCH_ARGS="--count 1000 --duration 3"   (a quick look); BENCH_ARGS="--postgres" for PostgreSQL.
BENCH_ARGS ?= --sizes 1000,10000 --count 100000 --duration 5
# Import memory: peak RSS of an import of each size (bench/import_memory.py).
BENCH_IMPORT_ROWS ?= 10000,100000
.PHONY: bench
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk (Debian/Ubuntu)"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/import_memory.py --rows $(BENCH_IMPORT_ROWS)
	$(BIN)/python bench/jobs.py $(BENCH_JOBS_ARGS)

# Background jobs: import and export jobs of 10,000 and 100,000 rows through gunicorn and the real
# worker, with rows/s and the worker's peak RSS (bench/jobs.py; BENCH_JOBS_ARGS="--postgres URL"
# for PostgreSQL, where the export goes to 1,000,000 rows). `make bench` runs it too; this runs it alone.
BENCH_JOBS_ARGS ?=
.PHONY: bench-jobs
bench-jobs: $(VENV)/.dev
	$(BIN)/python bench/jobs.py $(BENCH_JOBS_ARGS)
