# Hard-E — two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup lint typecheck fmt unit synth assets bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 11), "Hard-E needs Python 3.11"'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[voice,infra,dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/hard-e serve

test: setup lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check shared functions infra tests bench
	$(BIN)/ruff format --check shared functions infra tests bench
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff format shared functions infra tests bench
	$(BIN)/ruff check --fix shared functions infra tests bench

clean:
	rm -rf $(VENV) build cdk.out .pytest_cache .mypy_cache .ruff_cache
