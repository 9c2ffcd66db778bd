# Cap — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LOCK_DEV := requirements-dev.lock
# The resolver `make lock` installs on demand (it is not needed to install Cap).
UV_VERSION := 0.13.8
UV := $(VENV)/bin/uv

# A Python 3.12+ interpreter, found by itself: python3.13, python3.12, python3, then pyenv's.
PYTHON ?= $(shell for c in python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then \
	  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])' | sort -rV); do \
	    p=$$(pyenv prefix $$v 2>/dev/null)/bin/python3; [ -x $$p ] && { echo $$p; exit 0; }; \
	  done; \
	fi; \
	for p in $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do [ -x $$p ] && { echo $$p; exit 0; }; done)

.PHONY: help install lock sbom run test lint contracts migrations-check check-deploy bench screens clean

help:
	@echo "make run    — install, migrate, seed the demo programme, serve http://127.0.0.1:8000 with the reminder worker"
	@echo "make test   — install and run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lock   — regenerate requirements.lock and requirements-dev.lock (hashes) from pyproject.toml"
	@echo "make sbom   — write the CycloneDX SBOM of the runtime dependencies to test-results/sbom.cdx.json"

# Every dependency, direct or not, comes from the lock files with its hashes (`make lock`
# regenerates them from pyproject.toml); the project itself is installed after, without
# dependencies and without build isolation, so that no step fetches an unpinned package.
$(STAMP): pyproject.toml $(LOCK_DEV)
	@if [ -z "$(PYTHON)" ]; then echo "Cap needs Python 3.12 or newer: none was found." >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK_DEV)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

# Both lock files from one resolution: the dev lock first (runtime + dev + the build
# backend), then the runtime lock constrained to the same versions. Universal (every
# platform, Python 3.12+), so the image and a laptop install the same versions.
# Pins already in the lock are kept; `make lock UPGRADE=1` moves them to the newest.
BUILD_REQUIRES = $(PY) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))'
UV_COMPILE = $(UV) pip compile --quiet --universal --python-version 3.12 --generate-hashes \
	--no-strip-extras --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)

lock:
	@if [ ! -x $(PY) ]; then \
	  if [ -z "$(PYTHON)" ]; then echo "Cap needs Python 3.12 or newer: none was found." >&2; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); fi
	@[ -x $(UV) ] && $(UV) --version | grep -q ' $(UV_VERSION)' || $(PY) -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra dev -o $(LOCK_DEV)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -c $(LOCK_DEV) -o $(LOCK)

# The SBOM of what the image installs: a scratch environment from the runtime lock,
# described by cyclonedx-py (pinned in the dev dependencies).
SBOM_VENV := var/sbom-venv
sbom: $(STAMP)
	rm -rf $(SBOM_VENV) && $(PY) -m venv $(SBOM_VENV)
	$(SBOM_VENV)/bin/python -m pip install --quiet --require-hashes -r $(LOCK)
	@mkdir -p test-results
	$(VENV)/bin/cyclonedx-py environment --pyproject pyproject.toml --of JSON \
	  --output-reproducible -o test-results/sbom.cdx.json $(SBOM_VENV)/bin/python
	@echo "SBOM written to test-results/sbom.cdx.json"

run: export DEBUG ?= true
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@mkdir -p var
	@echo
	@echo "  Cap is served on http://127.0.0.1:8000"
	@echo "  Demo accounts (password cap2021-demo): dg, directeur, elu, rh, admin"
	@echo
	@set -e; \
	$(VENV)/bin/celery -A cap2021 worker --beat --loglevel=INFO --concurrency=1 \
	  --schedule=var/celerybeat-schedule > var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "  Reminder worker started (pid $$worker, log in var/worker.log)"; \
	$(PY) manage.py runserver 127.0.0.1:8000

# Every core: pytest-xdist's workers, each with its own test database (and Redis database in
# the service tier); the SSO tests on one worker (their xdist_group). `make test XDIST=0` runs
# the suite in one process.
XDIST ?= auto
test: $(STAMP)
	$(PY) -m pytest $(if $(filter 0,$(XDIST)),,-n $(XDIST) --dist loadgroup) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The stack of docs/architecture.md (import-linter contracts in pyproject.toml).
contracts: $(STAMP)
	$(VENV)/bin/lint-imports

migrations-check: $(STAMP)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=cap.mairie.example EMAIL_URL=smtp://mail.mairie.example:25 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# PNGs of the key pages (both dashboards, the élus' page, a workstream…) in docs/screens/,
# taken on a scratch demo database; the list of pages is SCREENS in bench/screens.py.
screens: $(STAMP)
	$(PY) bench/screens.py

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache
