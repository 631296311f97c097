# L2C — the two commands: `make run` (demo on SQLite) and `make test` (SQLite + PostgreSQL + browser).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test lint format messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	bash scripts/system-deps.sh
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py l2c_demo
	@echo "L2C is serving the demo company at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/python manage.py l2c_serve $(HOST):$(PORT)

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages -l en --ignore '.venv/*'

# The scale bench (not part of `make test`): builds l2c_bench on PostgreSQL (1M customers,
# ~5M follow-ups), measures with gunicorn serving, then times the fixes still open.
# See bench/README.md; results in var/bench/, write-up in docs/benchmarks.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/l2c_bench
bench: $(STAMP)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.build_company
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.proposals

clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles var/screenshots
