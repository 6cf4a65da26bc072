# Two commands do everything (see README):
#   make build   install, then build the sample Hub and the docs site
#   make check   install, then lint, dbt build on a throwaway database, pytest
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR := $(CURDIR)

# What `dbt docs generate` writes into (build-throwaway uses its temp folder).
DOCS_TARGET ?= target
# System packages: CI runs as root, anyone else through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
apt_install = $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: build check install tools lint build-throwaway test docs clean

build: install
	$(DBT) build
	$(MAKE) --no-print-directory docs

check: install tools lint build-throwaway test

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
# system's, never a Playwright download).
tools:
	command -v chromium >/dev/null || { $(apt_install) chromium; }

lint: install
	$(BIN)/sqlfluff lint models tests/singular analyses

test: install tools
	$(BIN)/pytest -q tests/python

# The docs site: one self-contained HTML file, at a fixed path.
docs: install
	$(DBT) docs generate --static --target-path $(DOCS_TARGET)
	mkdir -p site
	cp $(DOCS_TARGET)/static_index.html site/index.html
	@echo "Docs site: site/index.html"

clean:
	rm -rf target logs site warehouse.duckdb $(VENV)
