# The two set-up commands: `make run` and `make test`. Both create the environment if missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint fmt clean lock

# Installs exactly what requirements.lock pins, each file checked against its hash, then the
# project itself (editable, its dependencies already there).
$(INSTALLED): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
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

# After changing the dependencies in pyproject.toml: the newest versions they allow, with hashes.
# (pip-tools runs from a venv of its own, so it never lands in the project's.)
lock:
	test -x .venv-lock/bin/pip-compile || ($(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools)
	.venv-lock/bin/pip-compile --quiet --generate-hashes --extra=dev --extra=double --strip-extras \
		--no-emit-index-url --no-emit-find-links --annotation-style=line \
		--output-file=requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .ruff_cache .mypy_cache
