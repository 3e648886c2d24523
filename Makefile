# Communiqué: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PEER_DIR := tests/peers/telegram

.PHONY: demo test lint install eval bench clean

# Installs the project and its pinned dependencies into .venv; re-runs only when a pin changes.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	grep -e '--hash=' requirements.lock > $(VENV)/hashed.txt
	grep -v -e '--hash=' requirements.lock > $(VENV)/constraints.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r $(VENV)/hashed.txt
	$(PY) -m pip install --quiet -c $(VENV)/constraints.txt -e ".[dev]"
	touch $@

# The Telegram Bot API emulator the tests talk to (npm, pinned by its package-lock.json).
$(PEER_DIR)/node_modules/.installed: $(PEER_DIR)/package.json $(PEER_DIR)/package-lock.json
	cd $(PEER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/communique demo

# Linters first: ruff (style, imports, likely bugs) and mypy (types), on the application's packages.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot storage
	$(VENV)/bin/mypy bot storage

test: lint $(VENV)/.installed $(PEER_DIR)/node_modules/.installed
	$(PY) -m pytest -q

eval: $(VENV)/.installed
	$(PY) benchmarks/eval.py --articles ../shared/eval-dev/articles benchmarks/corpus/dev benchmarks/corpus/check benchmarks/corpus/dev2 benchmarks/corpus/check2 benchmarks/corpus/dev3 benchmarks/corpus/dev4 benchmarks/corpus/dev5 benchmarks/corpus/dev6 benchmarks/corpus/dev7 benchmarks/corpus/dev8 benchmarks/corpus/dev9 benchmarks/corpus/dev10 benchmarks/corpus/dev11 benchmarks/corpus/dev12 benchmarks/corpus/dev13 benchmarks/corpus/dev14 benchmarks/corpus/dev15 benchmarks/corpus/dev16 benchmarks/corpus/dev17 benchmarks/corpus/dev18 benchmarks/corpus/dev19 benchmarks/corpus/dev20 benchmarks/corpus/dev21 benchmarks/corpus/dev22 benchmarks/corpus/dev23 benchmarks/corpus/dev24 benchmarks/corpus/dev25 benchmarks/corpus/dev26 benchmarks/corpus/dev27 benchmarks/corpus/dev28 benchmarks/corpus/check3 benchmarks/corpus/check4 bot/samples/articles
	$(PY) benchmarks/eval_tracking.py
	$(PY) benchmarks/eval_stored.py --articles ../shared/eval-dev/articles

bench: $(VENV)/.installed $(PEER_DIR)/node_modules/.installed
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) var .pytest_cache $(PEER_DIR)/node_modules
