# SEND Tracker tasks. Needs Python 3.12 (see .python-version); installs uv if missing.
PYTHON ?= python3
UV := $(PYTHON) -m uv
HOST ?= 127.0.0.1:8000
# Production-like settings for `make check` (never used to serve anything, nor to send mail).
CHECK_ENV := SECRET_KEY=check-deploy-$(shell printf 'k%.0s' $$(seq 1 60)) DEBUG=0 \
	ALLOWED_HOSTS=send-tracker.example SITE_URL=https://send-tracker.example \
	EMAIL_HOST=smtp.send-tracker.example DEFAULT_FROM_EMAIL=send-tracker@send-tracker.example

.PHONY: setup run test lint format check css

setup:  ## Install the locked dependencies into .venv
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen --quiet

run: setup  ## Migrate, make the cache table, load the demo data and serve at http://127.0.0.1:8000/ (SQLite by default)
	DEBUG=1 $(UV) run --frozen python manage.py migrate --noinput
	DEBUG=1 $(UV) run --frozen python manage.py createcachetable
	DEBUG=1 $(UV) run --frozen python manage.py load_demo
	@# The task worker builds board packs in the background; it stops with the server.
	DEBUG=1 $(UV) run --frozen python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(UV) run --frozen python manage.py runserver $(HOST)

test: setup  ## The whole test suite, browser tests included (DATABASE_URL picks the database)
	$(UV) run --frozen pytest

lint: setup  ## ruff (check and format), the import layering contracts, and mypy with django-stubs (types)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(UV) run --frozen mypy .

format: setup
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

check: setup  ## Deployment checks with production settings, and no missing migrations
	$(CHECK_ENV) $(UV) run --frozen python manage.py check --deploy --fail-level WARNING
	$(CHECK_ENV) $(UV) run --frozen python manage.py makemigrations --check --dry-run

css:  ## Rebuild static/css/app.css and the vendored JS from GOV.UK and MOJ Frontend (needs Node)
	bash frontend/build.sh

# Performance (docs/performance.md), with the development-only devtools app (DEVTOOLS=1 installs
# it with DEBUG off). None of these changes your data: benchmark_pages builds its own scratch
# database, benchmark_pdf and benchmark_sheets roll back, loadtest creates and drops send_tracker_load.
PARTNERSHIPS ?= 150
.PHONY: benchmark loadtest

benchmark: setup  ## Page benchmark on generated data (scratch database), then the PDF and spreadsheet benchmarks
	DEVTOOLS=1 $(CHECK_ENV) $(UV) run --frozen python manage.py benchmark_pages --partnerships $(PARTNERSHIPS)
	DEBUG=1 $(UV) run --frozen python manage.py migrate --noinput
	DEBUG=1 $(UV) run --frozen python manage.py createcachetable
	DEBUG=1 $(UV) run --frozen python manage.py benchmark_pdf
	DEBUG=1 $(UV) run --frozen python manage.py benchmark_sheets

loadtest: setup  ## Locust against gunicorn and PostgreSQL on loopback (DURATION=3m by default)
	PARTNERSHIPS=$(PARTNERSHIPS) bash devtools/loadtest/run.sh
