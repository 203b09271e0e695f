# The two set-up commands: `make run` and `make test`. Both create the environment if missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint fmt clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,double]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(PY) -m bot

test: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	scripts/with-postgres.sh $(PY) -m pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

fmt: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
