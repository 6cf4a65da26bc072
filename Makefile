# Two commands do everything (see README); a third measures:
#   make build   install, then build the sample Hub and the docs site
#   make check   install, then lint, dbt build on a throwaway database, pytest
#   make bench   time the pipeline on generated Hubs of 1M and 10M logins
#                (BENCH_ARGS="--sizes 20000,100000" for a smoke run)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: build check install lint build-throwaway test docs bench clean

build: install
	$(DBT) build
	$(DBT) docs generate --static
	@echo "Docs site: target/static_index.html"

check: install lint build-throwaway test

# The sample Hub into a database that is deleted afterwards; warnings fail.
build-throwaway: install
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	DBT_DUCKDB_PATH="$$tmp/check.duckdb" $(DBT) --warn-error build --target-path "$$tmp/target"

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

lint: install
	$(BIN)/sqlfluff lint models tests/singular analyses

test: install
	$(BIN)/pytest -q tests/python

docs: install
	$(DBT) docs generate --static

# Writes bench/results.md and bench/results.json (see README, Benchmark).
bench: install
	$(BIN)/python bench/run_benchmark.py $(BENCH_ARGS)

clean:
	rm -rf target logs warehouse.duckdb $(VENV)
