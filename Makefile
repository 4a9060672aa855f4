# Aura monorepo tasks. `make run` and `make test` work on a fresh machine (they install first).
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
# Cached bytecode keeps every Python start fast (the hook, tests, servers); some shells disable it.
unexport PYTHONDONTWRITEBYTECODE
UV := uv run --locked
PYTEST := $(UV) pytest -q -p no:cacheprovider

.PHONY: install run test test-python test-api test-agentic test-cli test-e2e test-js test-dogfood test-fuzz test-vscode lint typecheck contracts generate check services format bench

# The parallel `make test` passes INSTALLED=1 to its sub-make: one install per run.
install:
	@if [ -z "$(INSTALLED)" ]; then ./scripts/bootstrap.sh; fi

# `PORT=8001 HOST=0.0.0.0 make run` serves elsewhere (default http://127.0.0.1:8000).
PORT ?= 8000
HOST ?= 127.0.0.1
run: install
	$(UV) aura-api serve --host $(HOST) --port $(PORT)

services:
	@./scripts/ensure-services.sh

lint: install
	$(UV) ruff check .
	$(UV) ruff format --check .

contracts: install
	$(UV) lint-imports --no-logo

typecheck: install
	$(UV) mypy services/api/src libs/agentic-py/src clients/cli/src

test-agentic: install
	$(PYTEST) libs/agentic-py/tests

test-cli: install
	$(PYTEST) clients/cli/tests

test-api: install services
	$(PYTEST) -n 2 services/api/tests

test-e2e: install
	$(PYTEST) tests/e2e

# schemathesis over every operation (anonymous, member, lead, admin) on SQLite and PostgreSQL,
# a fixed seed then a random one, then the issue #11 attack probes (docs/adr/0010).
test-fuzz: install services
	$(UV) python scripts/fuzz/run.py
	$(UV) python scripts/fuzz/probe.py

# Aura audits itself with its own .aura/rules.yaml and baseline (a private AURA_HOME: no
# user team map or queue is involved).
test-dogfood: install
	@home=$$(mktemp -d) && AURA_HOME=$$home AURA_NO_TEAM_MAP=1 AURA_SYNC_BOOKKEEPING=1 \
	  $(UV) aura audit --all --fail-on error; status=$$?; rm -rf "$$home"; exit $$status

test-js: install
	@if ls clients/*/package.json >/dev/null 2>&1; then npm test --workspaces --if-present; \
	else echo "test-js: no TypeScript workspace yet (clients/vscode, clients/web)"; fi

# The VS Code extension: types, lint, vitest, then a real extension host (code-server, see
# clients/vscode/scripts/test-host.sh) against an embedded API, with ui-smoke screenshots.
test-vscode: install
	cd clients/vscode && npm run typecheck && npm run lint && npm test && ./scripts/test-host.sh

test-python: test-agentic test-cli test-api test-e2e

# Every check and suite CI runs. Install and services come first, once; then the independent
# suites run side by side (TEST_JOBS at a time, output kept per suite) so the whole run fits the
# CI budget on two cores. Any failing suite fails `make test`.
TEST_SUITES := lint contracts typecheck test-agentic test-cli test-api test-e2e test-js test-dogfood test-fuzz test-vscode
TEST_JOBS ?= 3
test: install services
	$(MAKE) --no-print-directory -j $(TEST_JOBS) --output-sync=target INSTALLED=1 $(TEST_SUITES)

check: test

generate: install
	$(UV) python -m aura_api.openapi_export

format: install
	$(UV) ruff format .
	$(UV) ruff check --fix .

bench: install services
	$(UV) python bench/api_baseline.py
	$(UV) python bench/audit_engine.py
	$(UV) python bench/hook_latency.py
	node bench/sensor.mjs
