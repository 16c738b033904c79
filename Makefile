# Two commands set up and use a fresh clone:
#   make serve   serves the site on http://127.0.0.1:8000
#   make test    runs every test
# Both create .venv from the pinned versions in requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# MkDocs dates sitemap.xml with the build time unless SOURCE_DATE_EPOCH is
# set. The time of the last commit makes two builds of one commit identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve test build verify mutation clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "derivlib needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

verify: $(STAMP)
	$(BIN)/python -m derivlib verify

# Mutation testing of the gradient, loss and derivation code; not part of
# `make test`, because it runs the fast tests once per mutant (tens of
# minutes). tests/mutation/REPORT.md describes it and its last result.
mutation: $(STAMP)
	$(BIN)/python tests/mutation/mutate.py

clean:
	rm -rf $(VENV) site
