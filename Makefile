# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test deps fonts migrate demo worker cron

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

deps: $(VENV)/.installed

# CJK fonts and Pango for WeasyPrint (DOC-1), Chromium for the browser tests. Installs them as
# root on Debian/Ubuntu, otherwise prints the command to run.
fonts:
	@bash scripts/system-packages.sh

migrate: deps
	$(BIN)/flask db upgrade heads

demo: migrate
	$(BIN)/flask demo load --if-empty

# The web app with background jobs in-process (embedded runner: SQLite + in-memory Redis).
run: deps fonts demo
	@DEMO_MODE=1 $(BIN)/flask demo accounts
	DEMO_MODE=1 RUN_EMBEDDED_JOBS=1 $(BIN)/flask run --host $(HOST) --port $(PORT)

test: deps fonts
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Production processes (with REDIS_URL and DATABASE_URL set); see README.
worker: deps
	@test -n "$$REDIS_URL" || { echo "REDIS_URL 未设置（make run 使用进程内任务）"; exit 1; }
	$(BIN)/rq worker -w jobs.worker.AppWorker --with-scheduler --url $$REDIS_URL default notify documents

cron: deps
	@test -n "$$REDIS_URL" || { echo "REDIS_URL 未设置（make run 使用进程内任务）"; exit 1; }
	$(BIN)/rq cron jobs.schedule --url $$REDIS_URL
