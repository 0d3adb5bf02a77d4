# The two commands a fresh machine needs: `make run` and `make test`.
# Each installs whatever is missing first (Debian packages, the Python venv, npm packages).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
STAMPS      := .stamps
STATIC      := src/collaboratory/server/static/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig.json -type f 2>/dev/null)
APT_PACKAGES := chromium bubblewrap slirp4netns iproute2 e2fsprogs fonts-dejavu-core postgresql nginx
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST        ?= 127.0.0.1
PORT        ?= 8000
DATA_DIR    ?= data
PY_DIRS     := $(wildcard src tests bench)
CLASSIC_VENV := .venv-classic
GATEWAY_VENV := .venv-gateway
GATEWAY_REQUIREMENTS := tests/runtimes/gateway/enterprise_gateway_requirements.txt

.PHONY: run test lint typecheck pytest vitest openapi install clean

# The first start builds the runtime image of CPU runtimes (seconds once uv's cache is warm).
run: install
	$(BIN)/collaboratory images build standard --data-dir $(DATA_DIR)
	$(BIN)/collaboratory serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

test: install lint typecheck vitest pytest

install: $(STAMPS)/apt $(STAMPS)/venv $(STATIC)

$(STAMPS)/apt:
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi
	@touch $@

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

$(STATIC): frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build

lint: $(STAMPS)/venv frontend/node_modules/.package-lock.json
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	cd frontend && npm run lint

typecheck: $(STAMPS)/venv
	$(BIN)/mypy

vitest: frontend/node_modules/.package-lock.json
	cd frontend && npm run typecheck && npm test

# Browser tests run in their own process: sync Playwright keeps an event loop running in
# the main thread, which the asyncio tests must not share.
pytest: install $(STAMPS)/venv-classic $(STAMPS)/venv-gateway
	$(BIN)/pytest -m "not browser"
	$(BIN)/pytest -m browser

# The classic local-runtime peer (#12): Jupyter Notebook 6 + jupyter_http_over_ws in its own venv,
# since notebook 6 needs jupyter_client<8, which clashes with ours; the browser test runs the
# three commands of the local-runtime instructions with this venv's bin first on PATH.
$(STAMPS)/venv-classic: tests/e2e/classic_notebook_requirements.txt
	@mkdir -p $(STAMPS)
	[ -x $(CLASSIC_VENV)/bin/python ] || $(PYTHON) -m venv $(CLASSIC_VENV)
	$(CLASSIC_VENV)/bin/python -m pip install -q -r tests/e2e/classic_notebook_requirements.txt
	@touch $@

# Jupyter Enterprise Gateway 3.x for tests/runtimes/gateway (#15) in its own venv: EG pins
# jupyter_server 1.x and jupyter_client 6.x, which clash with ours. The test fixture builds the
# same venv from the same pins if this was not run (.requirements records what it holds).
$(STAMPS)/venv-gateway: $(GATEWAY_REQUIREMENTS)
	@mkdir -p $(STAMPS)
	$(PYTHON) -m venv --clear $(GATEWAY_VENV)
	$(GATEWAY_VENV)/bin/python -m pip install -q -r $(GATEWAY_REQUIREMENTS)
	cp $(GATEWAY_REQUIREMENTS) $(GATEWAY_VENV)/.requirements
	@touch $@

# Regenerate the front end's TypeScript API types from the server's OpenAPI schema.
openapi: $(STAMPS)/venv
	$(BIN)/collaboratory openapi > frontend/openapi.json
	cd frontend && npm run gen:api

clean:
	rm -rf $(VENV) $(CLASSIC_VENV) $(GATEWAY_VENV) $(STAMPS) frontend/node_modules src/collaboratory/server/static
