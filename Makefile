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

# The unit tests (no servers) first, spread over both cores; then the tests with servers in two
# pytest processes side by side, each with its own Kafka broker and PostgreSQL: the browser
# tests and the guarantees (fuzzing, security, replay) in one, the rest in the other (about
# equal halves). Much of either is waiting (a page, an e-mail, a consumer), so the two together
# take little longer than the longer one. The second half's report follows the first's.
# With PYTEST_ARGS, one run of just what they name.
BESIDE := tests/browser tests/integration/guarantees
test: setup system-packages lint
ifeq ($(strip $(PYTEST_ARGS)),)
	@$(PY) -m pytest -q -p no:cacheprovider -n 2 --durations=10 tests/unit
	@beside_log=$$(mktemp); \
	$(PY) -m pytest -q -p no:cacheprovider --durations=15 $(BESIDE) > $$beside_log 2>&1 & beside=$$!; \
	$(PY) -m pytest -q -p no:cacheprovider --durations=25 --ignore=tests/unit $(addprefix --ignore=,$(BESIDE)); first=$$?; \
	wait $$beside; second=$$?; \
	echo "=== $(BESIDE), run beside the above ==="; cat $$beside_log; rm -f $$beside_log; \
	test $$first -eq 0 && test $$second -eq 0
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
	@$(PY) -m tools.asyncapi --partner --out docs/partner-asyncapi.json

clean:
	rm -rf .run
