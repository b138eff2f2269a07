# Hard-E — two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup lint typecheck fmt unit synth assets bench clean voice

UV_VERSION := 0.13.8
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python

# uv (from PyPI, into the venv) installs the dependencies: in parallel, from its cache
# (~/.cache/uv) when it has them; pip stays in the venv for `make assets`.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 11), "Hard-E needs Python 3.11"'
	@test -x $(BIN)/uv && $(BIN)/uv --version | grep -qF ' $(UV_VERSION)' \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) --upgrade pip
	$(UV) -e '.[voice,infra,dev,meaning]'
	@touch $(STAMP)

# Debian's Chromium for tests/browser (idempotent; instant when it is already there).
setup: $(STAMP)
	@bash scripts/install-chromium.sh

# `make run` starts the voice worker too (HARD_E_VOICE=0 turns it off).
run: setup
	$(BIN)/hard-e serve

# The voice worker alone (port HARD_E_VOICE_PORT, default 8020).
voice: setup
	$(BIN)/python -m voice_worker

# make test runs the suite in two parts. First the voice and browser tests, alone and in
# order, on a quiet machine: they play audio in real time, and a second worker beside them
# (or the first part's servers still winding down) starves their event loops on two cores.
# Then every other test, shared out over TEST_WORKERS pytest-xdist workers (default 2, one
# per core; each module, and the infra tests' one CDK synth, stay in one worker:
# tests/support/parallel.py). TEST_WORKERS=0 runs that part in one process.
TEST_WORKERS ?= 2
REAL_TIME_TESTS = tests/voice tests/browser
test: setup lint
	$(BIN)/python -m pytest -q $(REAL_TIME_TESTS)
	$(BIN)/python -m pytest -q $(addprefix --ignore=,$(REAL_TIME_TESTS)) \
		$(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)

lint: setup
	$(BIN)/ruff check shared functions infra voice_worker tests bench
	$(BIN)/ruff format --check shared functions infra voice_worker tests bench
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff format shared functions infra voice_worker tests bench
	$(BIN)/ruff check --fix shared functions infra voice_worker tests bench

clean:
	rm -rf $(VENV) build cdk.out .pytest_cache .mypy_cache .ruff_cache

# Lambda code without Docker: build/lambda/layer (pyproject dependencies, Lambda wheels) and
# build/lambda/<function>/ (handler + hard_e). The layer is rebuilt only when deps change.
assets: setup
	$(BIN)/python -m infra.assets

# CloudFormation templates in cdk.out/ from the real app (no cdk CLI needed), then cfn-lint:
# errors fail the build; W3005 (explicit DependsOn that CDK always writes) is noise. CDK's own
# synth-time rule check (CDK_VALIDATION) is skipped here: it is slow and cfn-lint covers it.
# Context as for cdk deploy: make synth CONTEXT="-c hard-e:sender-email=sales@yourco.com".
synth: setup assets
	rm -rf cdk.out
	CDK_VALIDATION=false $(BIN)/python infra/app.py $(CONTEXT)
	$(BIN)/cfn-lint --non-zero-exit-code error --ignore-checks W3005 -- cdk.out/*.template.json

# Every benchmark under bench/ (files starting with _ are helpers); each ends with a
# `RESULT <name> <value> <unit> goal <op> <target>` line, collected at the end.
bench: setup
	@rm -f build/bench.txt; mkdir -p build
	@for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b | tee -a build/bench.txt || exit 1; done
	@echo "== results"; grep '^RESULT' build/bench.txt
