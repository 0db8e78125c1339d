# The course's commands. `make start` opens the course; `make test` checks all of it.
# Both create the virtual environment on first use (Python 3.10 or newer).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.course-installed
# Extra pip arguments for torch alone, e.g. a CPU-only wheel index on Linux.
TORCH_PIP_ARGS ?=

.PHONY: start test lint unit nbval outputs links bench standin lock clean-standin browser-deps

start: $(STAMP)
	$(PY) scripts/start_course.py

test: $(STAMP) lint unit nbval

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

unit: $(STAMP) browser-deps
	$(PY) -m pytest tests

# tests/test_browser.py drives Debian's chromium (through playwright, no browser download).
browser-deps:
	@test -x /usr/bin/chromium || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }

# Strict nbval over every notebook, against stand-in hubs of two seeds: no stored
# output may depend on a stand-in's random weights.
nbval: $(STAMP)
	$(PY) scripts/nbval_run.py --seed 0
	$(PY) scripts/nbval_run.py --seed 1

# Re-run every notebook (or NB=notebooks/00_welcome.ipynb) and store its outputs.
outputs: $(STAMP)
	$(PY) scripts/regenerate_outputs.py $(NB)

# Only the badges, navigation and Colab cells of every notebook (after adding a chapter).
links: $(STAMP)
	$(PY) scripts/regenerate_outputs.py --links-only

# Wall time and kernel peak memory of each notebook, into bench/results/.
bench: $(STAMP)
	$(PY) scripts/benchmark.py $(NB)

standin: $(STAMP)
	$(PY) -m standin_hub build --seed 0

clean-standin:
	rm -rf .standin

# Rewrite constraints.txt from the current environment (after changing requirements.in).
lock: $(STAMP)
	$(PIP) freeze --exclude-editable | sed -e 's/^torch==\([0-9.]*\)+cpu/torch==\1/' > constraints.txt

$(STAMP): requirements.in requirements-standin.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The course needs Python 3.10 or newer: set PYTHON=python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build.
	$(PIP) install -q -c constraints.txt $(TORCH_PIP_ARGS) "torch==2.13.0"
	$(PIP) install -q -c constraints.txt -r requirements.in
	$(PIP) install -q -c constraints.txt --no-deps -r requirements-standin.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	touch $@
