# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DEBUG=true DJANGO_SETTINGS_MODULE=iite_portal.settings.base
TEST_ENV := DJANGO_SETTINGS_MODULE=iite_portal.settings.test

.PHONY: install run serve test fuzz lint format check-python migrate demo collectstatic stop-db superuser clean

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

demo: migrate
	@if $(DEV_ENV) $(BIN)/python manage.py help load_demo >/dev/null 2>&1; then \
		$(DEV_ENV) $(BIN)/python manage.py load_demo; fi

collectstatic: install
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0

run: demo collectstatic
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn, DEBUG off (a throwaway secret unless SECRET_KEY is set).
serve: demo collectstatic
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

test: lint
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Long property-based run: 10,000 generated query strings over every public endpoint.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(TEST_ENV) $(BIN)/python -m pytest tests/test_security_fuzz.py -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
