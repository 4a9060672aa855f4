# Aura monorepo tasks. `make run` and `make test` work on a fresh machine (they install first).
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
# Cached bytecode keeps every Python start fast (the hook, tests, servers); some shells disable it.
unexport PYTHONDONTWRITEBYTECODE
UV := uv run --locked
PYTEST := $(UV) pytest -q -p no:cacheprovider

.PHONY: install run test test-python test-api test-agentic test-cli test-e2e test-js lint typecheck contracts generate check services format bench

install:
	@./scripts/bootstrap.sh

run: install
	$(UV) aura-api serve

services:
	@./scripts/ensure-services.sh

lint: install
	$(UV) ruff check .
	$(UV) ruff format --check .

contracts: install
	$(UV) lint-imports

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

test-js: install
	@if ls clients/*/package.json >/dev/null 2>&1; then npm test --workspaces --if-present; \
	else echo "test-js: no TypeScript workspace yet (clients/vscode, clients/web)"; fi

test-python: test-agentic test-cli test-api test-e2e

# Everything CI runs: static checks, the API contract, every test suite.
test: lint contracts typecheck test-python test-js

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
