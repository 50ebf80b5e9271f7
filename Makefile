# Two commands on a fresh machine: `make run` and `make test`; either may be the first one.
# Every target that runs the app needs the system packages (Pango is imported with the app) and
# the venv; `system-packages` installs them as root on Debian/Ubuntu, otherwise it stops make
# with the exact command to run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test deps system-packages fonts migrate demo worker cron

# Order-only: checked on every run, but does not make the venv out of date.
$(VENV)/.installed: requirements.txt | system-packages
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

deps: system-packages $(VENV)/.installed

# Pango, HarfBuzz-Subset and the CJK fonts for WeasyPrint (DOC-1), Chromium for tests/browser,
# python3-venv while there is
# no venv. Installs them as root on Debian/Ubuntu; otherwise prints the command and fails.
system-packages:
	@PYTHON="$(PYTHON)" VENV="$(VENV)" bash scripts/system-packages.sh

fonts: system-packages

migrate: deps
	$(BIN)/flask db upgrade heads

demo: migrate
	$(BIN)/flask demo load --if-empty

# The web app with background jobs in-process (embedded runner: SQLite + in-memory Redis).
run: system-packages deps demo
	@DEMO_MODE=1 $(BIN)/flask demo accounts
	DEMO_MODE=1 RUN_EMBEDDED_JOBS=1 $(BIN)/flask run --host $(HOST) --port $(PORT)

test: system-packages deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Production processes (with REDIS_URL and DATABASE_URL set); see README.
worker: deps
	@test -n "$$REDIS_URL" || { echo "REDIS_URL 未设置（make run 使用进程内任务）"; exit 1; }
	$(BIN)/rq worker -w jobs.worker.AppWorker --with-scheduler --url $$REDIS_URL default notify documents

cron: deps
	@test -n "$$REDIS_URL" || { echo "REDIS_URL 未设置（make run 使用进程内任务）"; exit 1; }
	$(BIN)/rq cron jobs.schedule --url $$REDIS_URL
