# Two environments, as Rasa's official images do: the Rasa runtime on Python 3.10
# (.venv-rasa) and everything else on Python 3.11 (.venv). Both install exact
# pins from requirements/*.lock with --no-deps, so nothing backtracks.
SHELL := /bin/bash
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null)
# The first interpreter of each version that actually runs (a pyenv shim may exist but refuse to run).
find_python = $(firstword $(foreach p,$(1),$(shell $(p) -c 'import sys; assert "%d.%d" % sys.version_info[:2] == "$(2)"' \
	2>/dev/null && command -v $(p))))
PY310 ?= $(call find_python,python3.10 $(wildcard $(PYENV_ROOT)/versions/3.10*/bin/python3.10),3.10)
PY311 ?= $(call find_python,python3.11 $(wildcard $(PYENV_ROOT)/versions/3.11*/bin/python3.11),3.11)
RASA := .venv-rasa/bin/rasa
PY := .venv/bin/python
RASA_DATA := training_data/nlu training_data/stories training_data/rules

# Secrets for the channels come from an untracked .env (see .env.example); honcho reads it too.
-include .env
export TELEGRAM_BOT_TOKEN ZALO_APP_ID
PROCESSES = rasa actions web notify $(if $(TELEGRAM_BOT_TOKEN),telegram)

export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export WEB_PORT ?= 8000
export RASA_URL ?= http://127.0.0.1:$(RASA_PORT)
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTIONS_PORT)/webhook
export RASA_TRACKER_DB ?= var/rasa_tracker.db
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export HF_HUB_OFFLINE := 1
# The secret Rasa sends to the action server (actions/endpoint_auth.py): from .env, else generated once
# into var/secrets/ (0600).
ACTION_TOKEN_FILE := var/secrets/action_server_token
ifeq ($(origin ACTION_SERVER_TOKEN),undefined)
ACTION_SERVER_TOKEN := $(shell test -s $(ACTION_TOKEN_FILE) || { mkdir -p var/secrets && umask 077 && \
	python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > $(ACTION_TOKEN_FILE); }; cat $(ACTION_TOKEN_FILE))
endif
export ACTION_SERVER_TOKEN
# The token of Rasa's HTTP API (`rasa run --auth-token`): /status, /model, /conversations refuse calls
# without `?token=`. From .env, else generated once into var/secrets/ (0600) like the action token.
RASA_TOKEN_FILE := var/secrets/rasa_auth_token
ifeq ($(origin RASA_AUTH_TOKEN),undefined)
RASA_AUTH_TOKEN := $(shell test -s $(RASA_TOKEN_FILE) || { mkdir -p var/secrets && umask 077 && \
	python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > $(RASA_TOKEN_FILE); }; cat $(RASA_TOKEN_FILE))
endif
export RASA_AUTH_TOKEN


.PHONY: test-with-model test-without-model eval-blind-intents audit-content eval-blind-search eval-conversations embedder embedder-if-cpu-wheel install-check run-prod nginx backup retention audit-deps bench-notify import-dossiers browser-deps run setup database search-index model test lint unit e2e rasa-validate rasa-test translations eval-nlu bench-nlu eval-search bench-search i18n-extract clean

run: setup model  ## start Rasa (:5005), the action server (:5055) and the web app (:8000)
	@echo "Chat page:      http://127.0.0.1:$(WEB_PORT)/"
	@echo "Rasa REST:      $(RASA_URL)/webhooks/rest/webhook"
	@echo "Action server:  http://127.0.0.1:$(ACTIONS_PORT)/health"
	@echo "Telegram:       $(if $(TELEGRAM_BOT_TOKEN),on (polling),off: set TELEGRAM_BOT_TOKEN in .env)"
	@echo "Zalo webhook:   http://127.0.0.1:$(WEB_PORT)/webhooks/zalo $(if $(ZALO_APP_ID),,(off: set ZALO_* in .env))"
	@# first run: DEMO dossiers and reports into an empty registry, and the DEMO ward profile until config/office.yml exists
	$(PY) -m demo load
	$(if $(wildcard config/office.yml),,OFFICE_CONFIG=config/office.demo.yml) .venv/bin/honcho start -f Procfile $(PROCESSES)

run-prod: setup model nginx  ## the production profile on this machine: PostgreSQL, Redis, nginx, replicas (docs/DEPLOYMENT.md)
	$(PY) -m deployment prepare
	$(PY) -m deployment render
	@echo "Chat page: http://127.0.0.1:$(WEB_PORT)/  (nginx -> gunicorn; Rasa :$(RASA_PORT) and actions :$(ACTIONS_PORT) via nginx)"
	.venv/bin/honcho start -f var/prod/Procfile -e var/prod/env -d .

backup:  ## PostgreSQL dumps of APP_DATABASE_URL and TRACKER_STORE_URL (docs/OPERATIONS.md)
	ops/backup.sh

retention: .venv/.installed  ## erase personal data past its retention period; DRY=1 only counts
	$(PY) -m retention run $(if $(DRY),--dry-run)

audit-deps: .venv/.dev-installed  ## pip-audit over both lock files (needs the vulnerability service)
	ops/pip_audit.sh

nginx:  ## Debian's nginx for the production profile
	@command -v nginx >/dev/null || { echo "Installing Debian's nginx"; apt-get update -q && apt-get install -y -q nginx-light; }

setup: .venv/.installed .venv-rasa/.installed translations database search-index

# Runtime environments: exact pins, no test tools (requirements/*.lock, docs/INSTALL.md).
.venv/.installed: requirements/app.lock pyproject.toml
	@test -n "$(PY311)" || { echo "Python 3.11 is needed: install it (e.g. 'pyenv install 3.11')"; exit 1; }
	@echo ">> Creating the app environment .venv (Python 3.11, requirements/app.lock): usually 2-4 minutes the first time"
	$(PY311) -m venv .venv
	.venv/bin/pip install -q --no-deps -r requirements/app.lock
	.venv/bin/pip install -q --no-deps -e '.[app]' --config-settings editable_mode=compat
	touch $@

.venv-rasa/.installed: requirements/rasa.lock pyproject.toml
	@test -n "$(PY310)" || { echo "Rasa 3.6 needs Python 3.10: install it (e.g. 'pyenv install 3.10.13')"; exit 1; }
	@echo ">> Creating the Rasa environment .venv-rasa (Python 3.10, requirements/rasa.lock, TensorFlow): usually 3-5 minutes the first time"
	$(PY310) -m venv .venv-rasa
	.venv-rasa/bin/pip install -q --no-deps -r requirements/rasa.lock
	.venv-rasa/bin/pip install -q --no-deps -e '.[rasa]' --config-settings editable_mode=compat
	touch $@

# Test tools on top of the runtime (make test only).
.venv/.dev-installed: .venv/.installed requirements/app-dev.lock
	.venv/bin/pip install -q --no-deps -r requirements/app-dev.lock
	touch $@

.venv-rasa/.dev-installed: .venv-rasa/.installed requirements/rasa-dev.lock
	.venv-rasa/bin/pip install -q --no-deps -r requirements/rasa-dev.lock
	touch $@

# Optional sentence-transformers embedder (SEARCH_EMBEDDER=sentence-transformers:<dir>). Resolved install:
# torch's CUDA libraries come from its own exact pins (about 2.7 GB from the public index), nothing more
# where a CPU wheel folder serves torch 2.13.0+cpu (docs/INSTALL.md).
embedder: .venv/.embedder-installed
.venv/.embedder-installed: .venv/.installed requirements/embedder.lock
	@echo ">> Installing the optional sentence-transformers embedder (torch): 1 minute with a CPU wheel, far longer with the public CUDA build"
	.venv/bin/pip install -q -r requirements/embedder.lock
	touch $@

# make test installs the embedder extra only where pip's configuration serves the small CPU build of torch
# (elsewhere its test is skipped and says why).
embedder-if-cpu-wheel: .venv/.installed
	@if .venv/bin/pip install -q --dry-run --no-deps --ignore-installed "torch==2.13.0+cpu" >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory embedder; \
	else echo ">> No CPU build of torch is served here: the optional embedder's test will be skipped"; fi

translations: .venv/.installed
	.venv/bin/pybabel compile -d translations -D messages

database: .venv/.installed  ## migrates every time (cheap); loads the seed only into an empty database
	@echo ">> Database: migrations, and the procedure catalogue on first run (about 30 s)"
	$(PY) -m knowledge init-db

search-index: database  ## embeds the procedures once; later runs load var/search/ when content is unchanged
	@echo ">> Search index: embeds every procedure once (about 2-3 minutes on 2 cores; seconds when unchanged)"
	$(PY) -m knowledge build-index

model: .venv-rasa/.installed
	@echo ">> Rasa model: trained when the training data changed (about 5-8 minutes on 2 cores; seconds otherwise)"
	.venv-rasa/bin/python -m bot.train

AXE := tests/e2e/browser/node_modules/axe-core/axe.min.js
browser-deps: $(AXE)  ## Debian's Chromium and axe-core (npm) for the browser tests
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -q && apt-get install -y -q chromium; }

$(AXE): tests/e2e/browser/package-lock.json
	cd tests/e2e/browser && npm ci --no-audit --no-fund --silent
	touch $@

lint: .venv/.dev-installed
	.venv/bin/ruff check .

unit: setup .venv/.dev-installed
	$(PY) -m pytest tests -m "not e2e" -q

# Tests that start the real Rasa server on the trained model; every other test and check runs while it trains.
MODEL_TESTS := tests/e2e tests/chaos tests/deployment

test:  ## what CI runs: the model trains in one job while the checks and the tests that need no model run in the other
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-with-model test-without-model

test-without-model: setup .venv/.dev-installed .venv-rasa/.dev-installed embedder-if-cpu-wheel lint rasa-validate install-check
	@# pip-audit: found vulnerabilities fail the run; an unreachable vulnerability service (exit 3, as on
	@# machines without internet) is reported loudly and does not (docs/OPERATIONS.md)
	ops/pip_audit.sh || [ $$? -eq 3 ]
	@# every answer of every catalogue record (../shared/data, else the seed): fails on an unreviewed flag
	$(PY) -m knowledge audit
	$(PY) -m pytest tests -q --durations=15 $(MODEL_TESTS:%=--ignore=%)
	.venv-rasa/bin/python -m pytest tests/rasa_components -q -p no:cacheprovider

test-with-model: setup model .venv/.dev-installed browser-deps nginx
	$(PY) -m pytest $(MODEL_TESTS) -q --durations=15
	$(MAKE) --no-print-directory rasa-test

rasa-validate: .venv-rasa/.installed
	$(RASA) data validate --config bot/config.yml --domain bot/domain --data $(RASA_DATA) --fail-on-warnings

rasa-test: model
	$(RASA) test core --model var/models/assistant.tar.gz --stories training_data/tests/test_stories.yml \
		--endpoints bot/endpoints.yml --fail-on-prediction-errors --out var/results/core
	$(RASA) test nlu --model var/models/assistant.tar.gz --nlu training_data/tests/nlu_heldout.yml --domain bot/domain \
		--out var/results/nlu

# Every pin installable from the public registries alone (no local wheel folder, no pip.conf), and
# each environment consistent (pip check).
install-check: .venv/.dev-installed .venv-rasa/.dev-installed
	ops/check_public_install.sh
	.venv/bin/pip check
	.venv-rasa/bin/pip check

eval-nlu: .venv-rasa/.installed
	.venv-rasa/bin/python -m evaluation.eval_nlu

eval-search: setup
	$(PY) -m evaluation.eval_search

eval-blind-search: setup  ## the blind resident questions, test half (SPLIT=dev while tuning)
	$(PY) -m evaluation.eval_blind_search --split $(or $(SPLIT),test) --old

eval-blind-intents: .venv-rasa/.installed model  ## intent families on the blind resident messages (test half; SPLIT=dev)
	.venv-rasa/bin/python -m evaluation.eval_blind_intents --split $(or $(SPLIT),test)

eval-conversations: setup model  ## blind follow-up conversations against the real Rasa and action servers (SPLIT=dev)
	$(PY) -m evaluation.eval_conversations --split $(or $(SPLIT),test)

eval-scenarios: setup model  ## blind multi-turn scenarios through the web chat, every expectation judged (SPLIT=dev)
	$(PY) -m evaluation.eval_scenarios --split $(or $(SPLIT),test)

bench-search: setup
	$(PY) -m evaluation.bench_search

bench-notify: setup  ## needs PostgreSQL on 127.0.0.1:5432
	$(PY) -m evaluation.bench_notify

audit-content: .venv/.installed  ## flag answers a resident could not act on (knowledge/audit.py); CSV in var/audit/
	$(PY) -m knowledge audit

import-dossiers: database  ## FILE=export.xlsx [DRY=1]: the one-stop system's export, all or nothing
	$(PY) -m dossiers import $(FILE) $(if $(DRY),--dry-run)

bench-nlu: setup model
	$(PY) -m evaluation.bench_nlu

clean:
	rm -rf .venv .venv-rasa var

i18n-extract: .venv/.installed  ## refresh the message template and the English catalog after changing strings
	.venv/bin/pybabel extract -F babel.cfg -k _ -k gettext -k lazy_gettext -k N_ --no-location --sort-output \
		--ignore-dirs=".* var tests evaluation build" --project=tro-ly-cong-dan -o translations/messages.pot .
	.venv/bin/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching
