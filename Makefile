# Corridor: two commands set everything up.
#   make run    the whole system on embedded defaults (SQLite, a local Kafka), demo data, URLs
#   make test   all set-up, then the whole suite against real Kafka and PostgreSQL
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help run test test-unit lint faults docs bench clean setup kafka-fetch system-packages

help:
	@echo "make run    start Kafka, the three services and the portal with demo data"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make faults the slow fault-and-load suite on a three-broker Kafka cluster"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP) kafka-fetch

kafka-fetch:
	@bash deploy/kafka/kafka.sh fetch

# Servers and tools the tests need, from Debian's packages when missing.
system-packages:
	@bash deploy/apt-ensure.sh postgresql chromium fonts-noto-cjk fonts-noto-core

run: setup
	@$(PY) -m tools.devstack

# Lint (ruff), format check, types (mypy) and the import contracts (import-linter): any finding fails.
LINTED := services shared tools bench tests
lint: $(STAMP)
	@$(VENV)/bin/ruff check $(LINTED)
	@$(VENV)/bin/ruff format --check --quiet $(LINTED)
	@$(VENV)/bin/mypy
	@$(VENV)/bin/lint-imports --no-cache

# The unit tests (no servers) first, spread over both cores; then the browser tests beside the
# other tests with servers: two pytest processes, each with its own Kafka broker and PostgreSQL.
# Much of either half is waiting (a page, an e-mail, a consumer), so the two together take
# little longer than the longer one. The browser half's report follows the other's.
# With PYTEST_ARGS, one run of just what they name.
test: setup system-packages lint
ifeq ($(strip $(PYTEST_ARGS)),)
	@$(PY) -m pytest -q -p no:cacheprovider -n 2 --durations=10 tests/unit
	@browser_log=$$(mktemp); \
	$(PY) -m pytest -q -p no:cacheprovider --durations=15 tests/browser > $$browser_log 2>&1 & browser=$$!; \
	$(PY) -m pytest -q -p no:cacheprovider --durations=25 --ignore=tests/unit --ignore=tests/browser; servers=$$?; \
	wait $$browser; browsers=$$?; \
	echo "=== tests/browser, run beside the above ==="; cat $$browser_log; rm -f $$browser_log; \
	test $$servers -eq 0 && test $$browsers -eq 0
else
	@$(PY) -m pytest -q -p no:cacheprovider --durations=25 $(PYTEST_ARGS)
endif

# The slow fault-and-load suite (3-broker Kafka cluster, faults under load; ~10 min). Not in `make test`.
faults: setup system-packages
	@CORRIDOR_FAULTS=1 $(PY) -m pytest -v -p no:cacheprovider tests/faults $(PYTEST_ARGS)

test-unit: $(STAMP)
	@$(PY) -m pytest -q -n 2 tests/unit

docs: $(STAMP)
	@$(PY) -m tools.asyncapi --out docs/asyncapi.json

clean:
	rm -rf .run
