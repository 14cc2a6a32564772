# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DEBUG=true DJANGO_SETTINGS_MODULE=iite_portal.settings.base
TEST_ENV := DJANGO_SETTINGS_MODULE=iite_portal.settings.test

.PHONY: install run serve test fuzz lint format check-python migrate demo reset-demo collectstatic stop-db superuser bench translations messages clean

check-python:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PY=python3.12 ...")'

$(BIN)/python: | check-python
	$(PY) -m venv $(VENV)

# Exact versions come from requirements/constraints.txt, so every install is the same.
$(STAMP): pyproject.toml requirements/constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c requirements/constraints.txt -e ".[dev]"
	@touch $@

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

# Every start: demo content only into a database that has never held a record, so that
# what staff edit or delete stays as they left it. `make reset-demo` restores the sample.
demo: migrate
	@if $(DEV_ENV) $(BIN)/python manage.py help load_demo >/dev/null 2>&1; then \
		$(DEV_ENV) $(BIN)/python manage.py load_demo --if-empty; fi

reset-demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

collectstatic: install
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0

# The interface's catalogues: .po files are in the repository, .mo files are built.
translations: install
	$(DEV_ENV) $(BIN)/python manage.py compiletranslations -v 0

# Refresh the .po files from the source (needs GNU gettext: apt-get install gettext). The
# five catalogues are named, so a missing one is created; English is the source language.
TRANSLATED_LOCALES := ar zh_Hans fr ru es
MESSAGES_ARGS := $(foreach lang,$(TRANSLATED_LOCALES),-l $(lang)) --no-obsolete --no-location \
	--ignore=.venv --ignore=staticfiles --ignore=var --ignore=node_modules --ignore=tests
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages $(MESSAGES_ARGS)
	$(DEV_ENV) $(BIN)/python manage.py compiletranslations -v 0

run: demo collectstatic translations
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn, DEBUG off (a throwaway secret unless SECRET_KEY is set).
serve: demo collectstatic translations
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	$(BIN)/gunicorn iite_portal.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

stop-db: install
	$(BIN)/python -c 'from iite_portal.embedded_server import stop; print("stopped" if stop("var/pgdata") else "not running")'

superuser: migrate
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint translations
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || echo "NOTE: Chromium is not installed, so the browser tests will be SKIPPED. Install it with: sudo apt-get install chromium"
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark (README, "Performance"): SIZE=M (300k records, default) or SIZE=S (6k).
SIZE ?= M
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py --size $(SIZE) $(BENCH_ARGS)
# Long property-based run: 10,000 generated query strings over every public endpoint.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(TEST_ENV) $(BIN)/python -m pytest tests/test_security_fuzz.py -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
