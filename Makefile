# Two commands on a fresh machine (Python 3.11, pip, node and npm):
#   make demo   set everything up and serve the demo on http://127.0.0.1:$(PORT)
#   make test   set everything up and run the whole test suite ($DATABASE_URL picks PostgreSQL)
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
TWINNING := $(BIN)/twinning

.PHONY: demo test lint format serve deps deps-test assets messages bench clean wheel check-wheel docs-images

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make a second run skip what is already installed, and redo it when a lock changes.
# (The distribution was called "twinning" before 0.2.0: an old editable install goes first.)
$(VENV)/.base-installed: requirements/base.txt requirements/nodeps.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -r requirements/nodeps.txt
	$(BIN)/pip uninstall --yes --quiet twinning 2>/dev/null || true
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements/test.txt requirements/nodeps.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -r requirements/nodeps.txt
	$(BIN)/pip uninstall --yes --quiet twinning 2>/dev/null || true
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.base-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.base-installed node_modules/.installed
deps-test: $(VENV)/.test-installed node_modules/.installed

messages: $(VENV)/.base-installed
	$(TWINNING) compiletranslations

demo: deps messages
	TWINNING_MODE=demo $(TWINNING) migrate --no-input -v 0
	TWINNING_MODE=demo $(TWINNING) collectstatic --no-input -v 0
	TWINNING_MODE=demo $(TWINNING) demo --accounts
	@echo "Twinning demo: http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	TWINNING_MODE=demo exec $(BIN)/gunicorn twinning.wsgi --bind 127.0.0.1:$(PORT) \
		--workers 2 --threads 4 --access-logfile - --log-level warning

# One pytest worker per core (pytest-xdist), each with its own test database. Tests go to
# whichever worker is free (--dist load; loadscope would run only one of the tests that
# schemathesis parametrizes under one test id). Transactional tests (browser, live server,
# other processes) run in a second pass, as Django's runner runs them last: they empty the
# tables the others rely on (twinning/conftest.py). Exit status 5: a pass selected no test.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS)
test: deps-test
	$(TWINNING) compiletranslations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST) -m "not transactional" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST) -m transactional $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: deps-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: deps-test
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

serve: deps messages
	$(TWINNING) migrate --no-input -v 0
	$(TWINNING) runserver 127.0.0.1:$(PORT)

# The benchmark on SQLite and PostgreSQL (docs/performance.md); BENCH_SCALE=province for a quick run.
bench: deps-test messages
	PYTHONPATH=. $(BIN)/python -m bench

# The wheel (dist/twinning_vn-*.whl) with the front-end files and translations inside it
# (setup.py); check-wheel installs it in a fresh virtual environment, upgrades and serves it.
wheel: deps
	$(BIN)/pip install --quiet -r requirements/build.txt
	rm -rf build
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --wheel-dir dist .

check-wheel: deps
	bash deploy/check-wheel.sh

# The first page of the Vietnamese and the Arabic Word report (2016-2023, the demo's data), as
# LibreOffice renders the generated file, for docs/reports.md. Needs soffice and pdftoppm.
docs-images: deps messages
	set -e; tmp=$$(mktemp -d); export TWINNING_VAR_DIR=$$tmp; \
	$(TWINNING) migrate --no-input -v 0; $(TWINNING) demo --accounts >/dev/null; \
	for lang in vi ar; do \
		$(TWINNING) report --twinning sct-dong-giang --from 2016 --to 2023 --lang $$lang \
			--number 5 --date 2026-01-05 --format docx -o $$tmp/report-$$lang.docx; \
	done; \
	soffice -env:UserInstallation=file://$$tmp/lo --headless --convert-to pdf \
		--outdir $$tmp $$tmp/report-vi.docx $$tmp/report-ar.docx >/dev/null; \
	mkdir -p docs/images; \
	for lang in vi ar; do \
		pdftoppm -png -r 80 -f 1 -l 1 -singlefile $$tmp/report-$$lang.pdf docs/images/report-$$lang; \
	done; \
	rm -rf $$tmp

clean:
	rm -rf $(VENV) node_modules var/static twinning/vendor build dist
