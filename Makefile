# The common commands. `make run` sets everything up and runs the platform with demo data;
# `make test` sets everything up and runs the whole test suite (what CI runs).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup chromium poppler caddy run up down status demo test lint typecheck unit docs bench clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "setup: $(PY) not found: install Python 3.11"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) chromium poppler caddy  ## Python environment, Kafka jars, FerretDB build, Chromium (each once)
	devstack/devstack.sh install

# The console's browser tests drive Debian's Chromium through Playwright (never `playwright install`).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  else sudo apt-get install -y chromium || { sudo apt-get update && sudo apt-get install -y chromium; }; fi; }

# The PDF tests read the printed text with Debian's poppler-utils (pdftotext).
poppler:
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y poppler-utils || { apt-get update && apt-get install -y poppler-utils; }; \
	  else sudo apt-get install -y poppler-utils || { sudo apt-get update && sudo apt-get install -y poppler-utils; }; fi; }

# The proxy test runs ops/Caddyfile with Debian's Caddy (the compose deployment's proxy).
caddy:
	@command -v caddy >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y caddy || { apt-get update && apt-get install -y caddy; }; \
	  else sudo apt-get install -y caddy || { sudo apt-get update && sudo apt-get install -y caddy; }; fi; }

run: setup  ## the devstack, the three services, the console, the seeds' demo data and sign-ins
	$(BIN)/dekranasda up
	$(BIN)/dekranasda demo

up: setup
	$(BIN)/dekranasda up

down:
	$(BIN)/dekranasda down

status:
	$(BIN)/dekranasda status

demo:
	$(BIN)/dekranasda demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests/unit -q

test: setup lint typecheck  ## everything: lint, types, unit, integration and e2e on the real stack
	devstack/devstack.sh up
	$(BIN)/pytest -q

docs: $(STAMP)  ## regenerate docs/ (OpenAPI, AsyncAPI, JSON Schemas) from the code
	$(BIN)/dekranasda docs

bench: setup  ## benchmarks on a private devstack; writes bench/results/<date>.md
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench

clean:
	devstack/devstack.sh down || true
	rm -rf $(VENV) var
