# Two commands matter: `make run` and `make test`. Everything else is a step they share.
SHELL := /bin/bash
# Python 3.10: python3.10 on PATH, else pyenv's 3.10 build, else whatever python3 is (then checked).
PYTHON ?= $(shell command -v python3.10 2>/dev/null || ls $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python 2>/dev/null | tail -n 1 || echo python3)
VENV := .venv
VENV_RASA := .venv-rasa
MODEL := models/current.tar.gz
TRAINING_INPUTS := config.yml domain.yml feedback_store/tracking.py $(shell find data nlu -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null)
export PYTHONPATH := $(CURDIR)

.PHONY: run test eval bench import train lint clean

run: $(VENV)/.installed $(VENV_RASA)/.installed var/procedures.sqlite var/.migrated $(MODEL)
	$(VENV)/bin/python -m ops.stack

test: $(VENV)/.installed $(VENV_RASA)/.installed var/procedures.sqlite $(MODEL)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest

eval: $(VENV)/.installed $(VENV_RASA)/.installed var/procedures.sqlite
	$(VENV)/bin/python bench/eval_retrieval.py
	$(VENV_RASA)/bin/python bench/eval_nlu.py

bench: $(VENV)/.installed var/procedures.sqlite
	$(VENV)/bin/python bench/search_speed.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(VENV)/.installed: requirements/app.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), "Python 3.10 is needed: see README"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements/dev.txt
	touch $@

$(VENV_RASA)/.installed: requirements/rasa.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), "Python 3.10 is needed: see README"'
	test -d $(VENV_RASA) || $(PYTHON) -m venv $(VENV_RASA)
	$(VENV_RASA)/bin/pip install --quiet --upgrade pip
	$(VENV_RASA)/bin/pip install --quiet -r requirements/rasa.txt
	touch $@

# The shipped portal snapshot, or a newer export: make import SRC=/path/to/export
SRC ?= procedures/snapshot/dichvucong-2026-07-18.tar.xz
var/procedures.sqlite: $(SRC) procedures/importer.py | $(VENV)/.installed
	$(VENV)/bin/python -m procedures.importer $(SRC) --database $@

import: $(VENV)/.installed
	$(VENV)/bin/python -m procedures.importer $(SRC) --database var/procedures.sqlite

var/.migrated: $(shell find feedback_store -name '*.py') | $(VENV)/.installed
	$(VENV)/bin/python -m feedback_store.migrate
	touch $@

# Retrain only when the training data, the domain, the config or the NLU code change.
# --force: Rasa's own cache keys on config and data, not on our tokenizer's code.
$(MODEL): $(TRAINING_INPUTS) | $(VENV_RASA)/.installed
	$(VENV_RASA)/bin/rasa train --force --fixed-model-name current --out models

train: $(MODEL)

clean:
	rm -rf var models .pytest_cache
