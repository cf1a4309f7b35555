# Two commands set up a fresh clone: `make run` (chat page) and `make test` (whole test suite).
VENV    := .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: run run-archive test test-fast test-cluster chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# CPU torch first (this machine's wheel), so no dependency can pull a CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tanya serve --host $(HOST) --port $(PORT)

# The shipped news archive (3,463 articles); its first start indexes it (minutes), later starts reuse the index.
run-archive: $(STAMP)
	$(BIN)/tanya serve --archive --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: $(STAMP) chromium
	$(BIN)/pytest

# The unit tier: every test not marked slow (no real model, server or browser; see tests/conftest.py).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

# Distributed indexing on a 2-node Ray cluster this machine starts on 127.0.0.1 (the `cluster` extra; in `make test` too).
test-cluster: $(STAMP)
	$(BIN)/pytest tests/test_distributed.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
