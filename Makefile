# ats-pipeline: `make run` (whole pipeline on the local sandbox), `make test`, `make dev` (Dagster UI).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# dagster-dbt and the CLI call `dbt`; keep the venv's tools first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)
export DAGSTER_HOME ?= $(abspath data/dagster_home)

.PHONY: run test dev lint clean install browser

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

run: $(STAMP)
	$(BIN)/ats-pipeline run

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The Dagster UI test drives Debian's Chromium headless; install it when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the UI test"; \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) || \
	  echo "could not install chromium: the UI test will be skipped (outside CI)"; }

dev: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/ats-pipeline dev

lint: $(STAMP)
	$(BIN)/ruff check ats_pipeline ats_pipeline_tests benchmarks
	$(BIN)/ruff format --check ats_pipeline ats_pipeline_tests benchmarks

clean:
	rm -rf data/*.duckdb data/dlt data/sandbox data/dbt_target data/published
